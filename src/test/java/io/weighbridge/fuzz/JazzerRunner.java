package io.weighbridge.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The coverage-guided fuzz run behind {@code bench/fuzz/jazzer}: each Jazzer target ({@code @FuzzTest}) fuzzed
 * for its minutes in a JVM of its own ({@code JAZZER_FUZZ=1}; Jazzer fuzzes one target per JVM), with the hostile
 * tokens of {@link Mutations} as libFuzzer's dictionary. Prints one row per target (minutes, executions, coverage
 * and features as libFuzzer counted them, corpus, crashes), writes it to {@code target/fuzz/jazzer-report.md} and
 * each target's libFuzzer output to {@code target/fuzz/jazzer-<target>.log}. A crashing input goes where Jazzer
 * keeps it, {@code src/test/resources/<package>/<Class>Inputs/<method>/crash-…}, from where the suite runs it as a
 * regression seed.
 */
public final class JazzerRunner {
    /** A {@code @FuzzTest} method taking {@code byte[]}. */
    record Target(String testClass, String method) {}

    /** Short name → target, in the order they run (the same five as {@link FuzzRunner}). */
    static final Map<String, Target> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put("review", new Target("io.weighbridge.admission.ReviewJazzerTest", "body"));
        TARGETS.put("reference", new Target("io.weighbridge.image.ReferenceJazzerTest", "text"));
        TARGETS.put("policy", new Target("io.weighbridge.policy.PolicyFileJazzerTest", "file"));
        TARGETS.put("dockerfile", new Target("io.weighbridge.dockerfile.DockerfileJazzerTest", "file"));
        TARGETS.put("registry", new Target("io.weighbridge.image.RegistryDocumentJazzerTest", "documents"));
    }

    /** libFuzzer's bound on one input; each target's own bound ({@link Fuzz#HANG}) is far below it. */
    private static final int INPUT_TIMEOUT_SECONDS = 60;
    /** Past its minutes, a target's JVM gets this long to write its statistics before it is stopped. */
    private static final Duration GRACE = Duration.ofMinutes(30);

    private static final Path OUT = Path.of("target/fuzz");
    /** Held, so that their levels stay. */
    private static final Logger QUIET = Logger.getLogger("");

    private static final Logger OURS = Logger.getLogger("io.weighbridge");

    private JazzerRunner() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--target")) {
            System.exit(fuzz(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3])));
        }
        double minutes = 10;
        int jobs = 1;
        int keepGoing = 10;
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--hours" -> minutes = 60 * Double.parseDouble(args[++i]);
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--keep-going" -> keepGoing = Integer.parseInt(args[++i]);
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
        Files.createDirectories(OUT);
        long seconds = Math.max(1, Math.round(minutes * 60));
        int keptGoing = keepGoing;
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        List<Future<JazzerLog.Row>> running = new ArrayList<>();
        for (String target : chosen) {
            running.add(pool.submit(() -> {
                JazzerLog.Row row = runTarget(target, seconds, keptGoing);
                System.out.println(row.line());
                return row;
            }));
        }
        List<JazzerLog.Row> rows = new ArrayList<>();
        for (Future<JazzerLog.Row> row : running) {
            rows.add(row.get());
        }
        pool.shutdown();
        String report = JazzerLog.report(rows);
        Files.writeString(OUT.resolve("jazzer-report.md"), report);
        System.out.println(report);
        System.exit(rows.stream().allMatch(JazzerLog.Row::clean) ? 0 : 1);
    }

    /** Fuzzes one target in a JVM of its own, its output to its log, and reads the log. */
    private static JazzerLog.Row runTarget(String target, long seconds, int keepGoing) throws Exception {
        Path log = OUT.resolve("jazzer-" + target + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder child = new ProcessBuilder(
                        java,
                        "-Xmx1g",
                        // Jazzer attaches its agent to this JVM at once, not through a helper process
                        "-Djdk.attach.allowAttachSelf=true",
                        // TCP_NODELAY for the scripted registry (the JDK server), or each answer waits out a delayed
                        // ACK
                        "-Dsun.net.httpserver.nodelay=true",
                        "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                        "-cp",
                        System.getProperty("java.class.path"),
                        JazzerRunner.class.getName(),
                        "--target",
                        target,
                        Long.toString(seconds),
                        Integer.toString(keepGoing))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        child.environment().put("JAZZER_FUZZ", "1");
        Instant start = Instant.now();
        Process process = child.start();
        boolean ended = process.waitFor(Duration.ofSeconds(seconds).plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        Duration took = Duration.between(start, Instant.now());
        return JazzerLog.read(
                target, took, ended ? process.exitValue() : -1, Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    /** In the target's JVM: runs its {@code @FuzzTest} under JUnit with libFuzzer's arguments; 0 when nothing failed. */
    private static int fuzz(String name, long seconds, int keepGoing) throws IOException {
        // Log lines of every input (decisions, rejected reviews, Caffeine's failed loads, Vert.x's resets) would fill
        // libFuzzer's log and slow each execution; a broken promise is a finding, not a log line.
        QUIET.setLevel(Level.OFF);
        OURS.setLevel(Level.SEVERE);
        Target target = TARGETS.get(name);
        Path corpus = OUT.resolve("jazzer-corpus").resolve(name).toAbsolutePath();
        Files.createDirectories(corpus);
        Path dictionary = OUT.resolve("jazzer-hostile.dict").toAbsolutePath();
        Files.writeString(dictionary, dictionary(Mutations.HOSTILE_TOKENS), StandardCharsets.ISO_8859_1);
        List<String> libFuzzer = List.of(
                "jazzer",
                corpus.toString(),
                "-max_total_time=" + seconds,
                "-print_final_stats=1",
                "-timeout=" + INPUT_TIMEOUT_SECONDS,
                // a slow input is no finding (the targets bound their own time): not written among the findings
                "-report_slow_units=" + INPUT_TIMEOUT_SECONDS,
                "-dict=" + dictionary);
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(target.testClass(), target.method(), "byte[]"))
                // Jupiter alone: the jqwik engine would start (and write its database) for nothing
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .configurationParameter("jazzer.keep_going", Integer.toString(keepGoing));
        for (int i = 0; i < libFuzzer.size(); i++) {
            request.configurationParameter("jazzer.internal.arg." + i, libFuzzer.get(i));
        }
        LauncherDiscoveryRequest discovery = request.build();
        int[] failed = {0};
        LauncherFactory.create().execute(discovery, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    failed[0]++;
                    System.out.println(JazzerLog.FAILED + test.getDisplayName() + ": "
                            + result.getThrowable()
                                    .map(Throwable::toString)
                                    .orElse("?")
                                    .replace('\n', ' '));
                }
            }
        });
        return failed[0] == 0 ? 0 : 1;
    }

    /** libFuzzer's dictionary format: one quoted token a line, bytes outside printable ASCII as {@code \xNN}. */
    static String dictionary(List<String> tokens) {
        StringBuilder dictionary = new StringBuilder();
        for (String token : tokens) {
            dictionary.append('"');
            for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c == '"' || c == '\\') {
                    dictionary.append('\\').append((char) c);
                } else if (c >= 0x20 && c < 0x7f) {
                    dictionary.append((char) c);
                } else {
                    dictionary.append("\\x%02X".formatted(c));
                }
            }
            dictionary.append("\"\n");
        }
        return dictionary.toString();
    }
}
