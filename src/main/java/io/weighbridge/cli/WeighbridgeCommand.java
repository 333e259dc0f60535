package io.weighbridge.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top command; its subcommands are the admin commands of DESIGN.md. */
@Command(
        name = "weighbridge",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Weighs container images before they run.",
        subcommands = {ServeCommand.class, CheckCommand.class, AuditCommand.class, PolicyCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:allowed (warnings included); nothing running would be denied (audit); policy valid",
            "1:denied; something running would be denied (audit); policy invalid (lint)",
            "2:usage error, unreadable input, invalid policy file (check, audit)",
            "3:the check or audit could not run (e.g. the cluster is unreachable)"
        })
public class WeighbridgeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command line as every caller runs it: beans from {@code factory}, errors as exit codes. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine line = new CommandLine(WeighbridgeCommand.class, factory);
        line.setExecutionExceptionHandler((error, failed, parsed) -> {
            failed.getErr().println("error: " + describe(error));
            return ExitCodes.FAILED;
        });
        line.setParameterExceptionHandler(WeighbridgeCommand::usageError);
        return line;
    }

    /** One line saying what is wrong and where the usage is, not the whole usage after it. */
    private static int usageError(CommandLine.ParameterException error, String[] args) {
        CommandLine failed = error.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println("error: " + error.getMessage() + " (see "
                + failed.getCommandSpec().qualifiedName() + " --help)");
        CommandLine.UnmatchedArgumentException.printSuggestions(error, err);
        err.flush();
        return ExitCodes.USAGE;
    }

    /**
     * Answers what needs no beans without starting Quarkus, which takes seconds: help, version,
     * usage errors, and commands that are not {@link BeanCommand}s. Empty when Quarkus is needed.
     */
    public static OptionalInt answerWithoutBeans(String... args) {
        CommandLine line = commandLine(CommandLine.defaultFactory());
        try {
            CommandLine.ParseResult parsed = line.parseArgs(args);
            Integer helped = CommandLine.executeHelpRequest(parsed);
            if (helped != null) {
                return OptionalInt.of(helped);
            }
            List<CommandLine> invoked = parsed.asCommandLineList();
            if (invoked.get(invoked.size() - 1).getCommand() instanceof BeanCommand command) {
                command.checkArguments();
                return OptionalInt.empty();
            }
            return OptionalInt.of(line.execute(args));
        } catch (CommandLine.ParameterException usageError) {
            // execute() parses again and reports the usage error as it always does, with exit 2.
            return OptionalInt.of(line.execute(args));
        }
    }

    @Override
    public void run() {
        // Never reached from main (no arguments means serve); kept for in-process callers.
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && (cause.getMessage() == null || cause instanceof CompletionException)) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
