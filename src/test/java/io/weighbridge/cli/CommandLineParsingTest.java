package io.weighbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.image.ImageReference;
import io.weighbridge.image.InvalidImageReferenceException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Parsing and usage errors, answered before any bean exists (as main does, without Quarkus). */
class CommandLineParsingTest {

    record UsageError(List<String> args, String reason) {}

    static List<UsageError> usageErrors() {
        return List.of(
                new UsageError(List.of("check"), "give IMAGE… or -f FILE"),
                new UsageError(List.of("check", "nginx", "-f", "deploy.yaml"), "give IMAGE… or -f FILE"),
                new UsageError(List.of("check", "-o", "yaml", "nginx"), "Invalid value for option '--output'"),
                new UsageError(List.of("check", "--policy"), "Missing required parameter for option '--policy'"),
                new UsageError(
                        List.of("check", "--build-arg", "BASE=debian:12", "nginx"),
                        "--build-arg applies to -f Dockerfile only"),
                new UsageError(
                        List.of("check", "-f", "Dockerfile", "--build-arg", "=debian:12"),
                        "--build-arg =debian:12: NAME is empty"),
                new UsageError(List.of("policy", "lint"), "Missing required parameter: 'PATH'"),
                new UsageError(List.of("policy"), "a subcommand is required"),
                new UsageError(List.of("weigh", "nginx"), "Unmatched arguments"),
                new UsageError(List.of("serve", "--port", "8080"), "Unknown option"),
                new UsageError(List.of("check", "Nginx:1.27-alpine"), reasonOf("Nginx:1.27-alpine")),
                new UsageError(
                        List.of("check", "nginx", "registry.example.com/a b"), reasonOf("registry.example.com/a b")));
    }

    /** What the reference parser says is wrong: passed on unchanged. */
    private static String reasonOf(String reference) {
        try {
            ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            return e.getMessage();
        }
        throw new AssertionError(reference + " parses");
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsExitTwoWithTheReasonOnStderr(UsageError row) {
        Run run = run(row.args());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains(row.reason()), run.err());
        assertEquals("", run.out());
    }

    @Test
    void everyCommandHasHelp() {
        for (List<String> command : List.<List<String>>of(
                List.of(), List.of("check"), List.of("policy"), List.of("policy", "lint"), List.of("serve"))) {
            List<String> args = new java.util.ArrayList<>(command);
            args.add("--help");
            Run run = run(args);
            assertEquals(0, run.exitCode(), args.toString());
            assertTrue(run.out().startsWith("Usage: weighbridge"), run.out());
        }
    }

    @Test
    void helpAndUsageErrorsAreAnsweredWithoutStartingQuarkus() {
        assertEquals(0, WeighbridgeCommand.answerWithoutBeans("check", "--help").orElseThrow());
        assertEquals(2, WeighbridgeCommand.answerWithoutBeans("check").orElseThrow());
        assertFalse(WeighbridgeCommand.answerWithoutBeans("check", "nginx").isPresent());
        assertEquals(
                2,
                WeighbridgeCommand.answerWithoutBeans("check", "Nginx:1.27-alpine")
                        .orElseThrow());
        assertFalse(WeighbridgeCommand.answerWithoutBeans("policy", "lint", "policies")
                .isPresent());
    }

    @Test
    void onlyNoArgumentsOrABareServeRunTheWebhook() {
        assertTrue(WeighbridgeMain.serves());
        assertTrue(WeighbridgeMain.serves("serve"));
        assertFalse(WeighbridgeMain.serves("serve", "--help"));
        assertFalse(WeighbridgeMain.serves("check", "nginx"));
    }

    @Test
    void checkReadsItsOptions() {
        CommandLine line = WeighbridgeCommand.commandLine(CommandLine.defaultFactory());
        CommandLine.ParseResult parsed =
                line.parseArgs("check", "--policy", "trial.yaml", "-n", "shop", "-o", "json", "nginx", "redis:7");
        CheckCommand check = parsed.subcommand().commandSpec().commandLine().getCommand();

        assertEquals(Path.of("trial.yaml"), check.policy);
        assertEquals("shop", check.namespace);
        assertEquals(OutputFormat.json, check.output);
        assertEquals(List.of("nginx", "redis:7"), check.images);
    }

    record Run(int exitCode, String out, String err) {}

    private static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = WeighbridgeCommand.commandLine(CommandLine.defaultFactory());
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        int exitCode = line.execute(args.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }
}
