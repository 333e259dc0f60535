package io.weighbridge.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one target's libFuzzer output says: how long it fuzzed, executions, coverage, corpus and crashes. */
final class JazzerLog {
    /** How {@link JazzerRunner} marks a failed JUnit invocation in the log (Jazzer hands the last finding to JUnit). */
    static final String FAILED = "jazzer-runner: failed ";

    /** libFuzzer's status line: {@code #4096 pulse cov: 311 ft: 1020 corp: 85/9622b …}. */
    private static final Pattern STATUS = Pattern.compile("^#(\\d+)\\s+\\w+\\s+cov: (\\d+) ft: (\\d+) corp: (\\d+)/");

    private static final Pattern DONE = Pattern.compile("^Done (\\d+) runs in (\\d+) second");
    private static final Pattern EXECUTED = Pattern.compile("^stat::number_of_executed_units: (\\d+)");
    private static final Pattern PER_SECOND = Pattern.compile("^stat::average_exec_per_sec: +(\\d+)");
    /** A finding's input (libFuzzer's slow units are not findings: the targets bound their own time). */
    private static final Pattern CRASH_FILE = Pattern.compile("Test unit written to (\\S*/(?:crash|timeout|oom)-\\S+)");

    private JazzerLog() {}

    /**
     * One target's figures: {@code took} is its JVM's whole life (start, seeds, fuzzing), {@code fuzzed} what
     * libFuzzer counted. {@code exitStatus} is the JVM's ({@code -1}: stopped past its time); {@code failures} are
     * the JUnit invocations that failed (the last finding, or a seed that no longer passes).
     */
    record Row(
            String target,
            Duration took,
            Duration fuzzed,
            long executions,
            long executionsPerSecond,
            long coverage,
            long features,
            long corpus,
            List<String> crashFiles,
            List<String> failures,
            int exitStatus) {
        boolean clean() {
            return crashFiles.isEmpty() && failures.isEmpty() && exitStatus == 0;
        }

        String line() {
            return "%-10s %6.1f min fuzzed (%.1f in all) %11d execs %6d/s  cov %6d  ft %7d  corpus %6d  %d crashes%s"
                    .formatted(
                            target,
                            minutes(fuzzed),
                            minutes(took),
                            executions,
                            executionsPerSecond,
                            coverage,
                            features,
                            corpus,
                            crashFiles.size(),
                            exitStatus == 0 ? "" : " (exit " + exitStatus + ")");
        }
    }

    static Row read(String target, Duration took, int exitStatus, List<String> lines) {
        long executions = 0;
        long fuzzedSeconds = 0;
        Long perSecond = null;
        long coverage = 0;
        long features = 0;
        long corpus = 0;
        List<String> crashFiles = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String line : lines) {
            Matcher status = STATUS.matcher(line);
            if (status.find()) {
                executions = Math.max(executions, Long.parseLong(status.group(1)));
                coverage = Long.parseLong(status.group(2));
                features = Long.parseLong(status.group(3));
                corpus = Long.parseLong(status.group(4));
            }
            Matcher done = DONE.matcher(line);
            if (done.find()) {
                executions = Math.max(executions, Long.parseLong(done.group(1)));
                fuzzedSeconds = Long.parseLong(done.group(2));
            }
            Matcher executed = EXECUTED.matcher(line);
            if (executed.find()) {
                executions = Math.max(executions, Long.parseLong(executed.group(1)));
            }
            Matcher average = PER_SECOND.matcher(line);
            if (average.find()) {
                perSecond = Long.parseLong(average.group(1));
            }
            Matcher crash = CRASH_FILE.matcher(line);
            if (crash.find()) {
                crashFiles.add(crash.group(1));
            }
            if (line.startsWith(FAILED)) {
                failures.add(line.substring(FAILED.length()));
            }
        }
        long executionsPerSecond =
                perSecond != null ? perSecond : fuzzedSeconds == 0 ? executions : executions / fuzzedSeconds;
        return new Row(
                target,
                took,
                Duration.ofSeconds(fuzzedSeconds),
                executions,
                executionsPerSecond,
                coverage,
                features,
                corpus,
                crashFiles,
                failures,
                exitStatus);
    }

    /** The report: a table of the rows, then each crash file and failure. */
    static String report(List<Row> rows) {
        StringBuilder report = new StringBuilder(
                "| target | minutes fuzzed | minutes in all | executions | per second | coverage | features | corpus"
                        + " | crashes |\n|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(row -> report.append("| %s | %.1f | %.1f | %d | %d | %d | %d | %d | %d |%n"
                .formatted(
                        row.target(),
                        minutes(row.fuzzed()),
                        minutes(row.took()),
                        row.executions(),
                        row.executionsPerSecond(),
                        row.coverage(),
                        row.features(),
                        row.corpus(),
                        row.crashFiles().size())));
        for (Row row : rows) {
            row.crashFiles()
                    .forEach(file -> report.append("\n")
                            .append(row.target())
                            .append(": crash ")
                            .append(file));
            row.failures()
                    .forEach(failure -> report.append("\n")
                            .append(row.target())
                            .append(": ")
                            .append(failure));
            if (row.exitStatus() != 0 && row.failures().isEmpty()) {
                report.append("\n%s: exit status %d, see target/fuzz/jazzer-%s.log"
                        .formatted(row.target(), row.exitStatus(), row.target()));
            }
        }
        return report.append('\n').toString();
    }

    private static double minutes(Duration duration) {
        return duration.toMillis() / 60_000.0;
    }
}
