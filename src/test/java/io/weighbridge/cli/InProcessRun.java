package io.weighbridge.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** One in-process run of the command line, with the engine's CDI beans and a given stdin. */
record InProcessRun(int exitCode, String out, String err) {

    static InProcessRun of(CdiCommandFactory factory, String stdin, String... args) {
        return of(factory, stdin, System.getenv(), args);
    }

    /** @param environment what {@code check} reads of the environment ({@code GITHUB_ACTIONS}) */
    static InProcessRun of(
            CdiCommandFactory factory, String stdin, java.util.Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = WeighbridgeCommand.commandLine(factory);
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        CheckCommand check = line.getSubcommands().get("check").getCommand();
        check.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        check.environment = environment;
        int exitCode = line.execute(args);
        return new InProcessRun(exitCode, out.toString(), err.toString());
    }
}
