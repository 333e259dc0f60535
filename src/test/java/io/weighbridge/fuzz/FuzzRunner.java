package io.weighbridge.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The long fuzz run behind {@code bench/fuzz/run}: each target's properties again and again, each
 * round with a fresh random seed and more tries, until the target's minutes are spent; a failing
 * property is written down with jqwik's report of it (seed and sample) and the run carries on.
 * Prints a line per round and one row per target (minutes, rounds, tries as jqwik counted them over
 * all of the target's properties, failures) and writes the rows to {@code target/fuzz/report.md}.
 */
public final class FuzzRunner {
    /** Short name → class, in the order they run. */
    static final Map<String, String> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put("review", "io.weighbridge.admission.ReviewFuzzTest");
        TARGETS.put("reference", "io.weighbridge.image.ReferenceFuzzTest");
        TARGETS.put("policy", "io.weighbridge.policy.PolicyFileFuzzTest");
        TARGETS.put("dockerfile", "io.weighbridge.dockerfile.DockerfileFuzzTest");
        TARGETS.put("registry", "io.weighbridge.image.RegistryDocumentFuzzTest");
    }

    private static final int FIRST_ROUND_TRIES = 500;
    /** jqwik's report of a property: {@code tries = 500 | # of calls to property}. */
    private static final Pattern TRIES = Pattern.compile("tries = (\\d+)");

    private static final int MOST_TRIES = 200_000;
    private static final Duration ROUND_GOAL = Duration.ofSeconds(60);

    private FuzzRunner() {}

    record Row(String target, double minutes, int rounds, long tries, List<String> failures) {}

    public static void main(String[] args) throws IOException {
        double minutes = 10;
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--hours" -> minutes = 60 * Double.parseDouble(args[++i]);
                case "--patience" -> System.setProperty("weighbridge.fuzz.patience", args[++i]);
                default -> {
                    if (!TARGETS.containsKey(args[i])) {
                        System.err.println(
                                "unknown target " + args[i] + "; targets: " + String.join(", ", TARGETS.keySet()));
                        System.exit(2);
                    }
                    chosen.add(args[i]);
                }
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(TARGETS.keySet());
        }
        Path out = Path.of("target/fuzz");
        Files.createDirectories(out);
        List<Row> rows = new ArrayList<>();
        for (String target : chosen) {
            Row row = run(target, Duration.ofSeconds((long) (minutes * 60)), out);
            rows.add(row);
            System.out.printf(
                    "%-10s %7.1f min %4d rounds %10d tries %3d failures%n",
                    row.target(),
                    row.minutes(),
                    row.rounds(),
                    row.tries(),
                    row.failures().size());
        }
        StringBuilder report =
                new StringBuilder("| target | minutes | rounds | tries | failures |\n|---|---|---|---|---|\n");
        rows.forEach(row -> report.append("| %s | %.1f | %d | %d | %d |%n"
                .formatted(
                        row.target(),
                        row.minutes(),
                        row.rounds(),
                        row.tries(),
                        row.failures().size())));
        rows.forEach(row -> row.failures()
                .forEach(failure -> report.append("\n")
                        .append(row.target())
                        .append(": ")
                        .append(failure.lines().findFirst().orElse(""))));
        report.append(
                rows.stream().anyMatch(row -> !row.failures().isEmpty())
                        ? "\n\nSamples and seeds: target/fuzz/<target>-failures.txt\n"
                        : "");
        Files.writeString(out.resolve("report.md"), report);
        System.out.println(report);
        System.exit(rows.stream().allMatch(row -> row.failures().isEmpty()) ? 0 : 1);
    }

    private static Row run(String target, Duration budget, Path out) throws IOException {
        Launcher launcher = LauncherFactory.create();
        Instant start = Instant.now();
        Instant end = start.plus(budget);
        int tries = FIRST_ROUND_TRIES;
        int rounds = 0;
        long total = 0;
        List<String> failures = new ArrayList<>();
        while (Instant.now().isBefore(end)) {
            Instant roundStart = Instant.now();
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(TARGETS.get(target)))
                    .configurationParameter("jqwik.tries.default", Integer.toString(tries))
                    .configurationParameter("jqwik.failures.after.default", "RANDOM_SEED")
                    // every property reports its tries to the listener below, not only to stdout
                    .configurationParameter("jqwik.reporting.onlyfailures", "false")
                    .configurationParameter("jqwik.reporting.usejunitplatform", "true")
                    .configurationParameter(
                            "jqwik.database", out.resolve("jqwik-database").toString())
                    .build();
            List<String> failed = new ArrayList<>();
            Map<String, String> reports = new HashMap<>();
            long[] tried = {0};
            launcher.execute(request, new TestExecutionListener() {
                @Override
                public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
                    entry.getKeyValuePairs().values().forEach(report -> {
                        reports.merge(test.getUniqueId(), report, (before, more) -> before + "\n" + more);
                        Matcher count = TRIES.matcher(report);
                        if (count.find()) {
                            tried[0] += Long.parseLong(count.group(1));
                        }
                    });
                }

                @Override
                public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                    // A class or container that fails (a fixture folder not found, a provider that
                    // throws) runs none of its properties: that is a failure, not a quiet round.
                    boolean counts = test.isTest() || result.getStatus() == TestExecutionResult.Status.FAILED;
                    if (counts && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                        // The one-line reason, then jqwik's report: its seed and the sample that failed.
                        failed.add(test.getDisplayName() + ": "
                                + result.getThrowable()
                                        .map(Throwable::toString)
                                        .orElse("?")
                                        .replace('\n', ' ')
                                + "\n"
                                + reports.getOrDefault(test.getUniqueId(), "(no jqwik report)")
                                        .strip()
                                + "\n");
                    }
                }
            });
            if (tried[0] == 0) {
                failed.add(
                        "no property of " + target + " ran a single try this round (run from the repository's root?)");
            }
            rounds++;
            total += tried[0];
            if (!failed.isEmpty()) {
                failures.addAll(failed);
                Files.writeString(out.resolve(target + "-failures.txt"), String.join("\n", failures) + "\n");
            }
            Duration took = Duration.between(roundStart, Instant.now());
            System.out.printf(
                    "%-10s round %4d: %9d tries in %5.1f s, %d failed%n",
                    target, rounds, tried[0], took.toMillis() / 1000.0, failed.size());
            if (took.compareTo(ROUND_GOAL) < 0 && tries < MOST_TRIES) {
                tries = Math.min(MOST_TRIES, tries * 2);
            }
        }
        double minutes = Duration.between(start, Instant.now()).toMillis() / 60_000.0;
        return new Row(target, minutes, rounds, total, failures);
    }
}
