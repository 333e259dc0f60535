package io.weighbridge.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequestBuilder;
import io.weighbridge.logging.AllowSampler;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageVerdict;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * At 10k admissions a second one line each reached a gigabyte in 25 minutes: allows are logged
 * at most a few a second and summed up; every denial and warning is logged.
 */
class DecisionSamplingTest {
    private static final Logger DECISIONS = Logger.getLogger("io.weighbridge.admission.DecisionLog");
    private static final ReceivedReview REVIEW = new ReceivedReview(
            "admission.k8s.io/v1",
            new AdmissionRequestBuilder()
                    .withUid("5e0a7c1e-0000-4000-8000-000000000001")
                    .withOperation("CREATE")
                    .withNamespace("shop")
                    .withName("web")
                    .build(),
            null,
            null);

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " "
                    + String.format(
                            record.getMessage().replace("%,d", "%d").replace("%s", "%s"),
                            record.getParameters() == null ? new Object[0] : record.getParameters()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final long frozenNow = System.nanoTime();
    private DecisionLog log;
    private Level levelBefore;

    @BeforeEach
    void listen() {
        // A command run in-process earlier in the suite leaves the log manager at its own level.
        levelBefore = DECISIONS.getLevel();
        DECISIONS.setLevel(Level.INFO);
        DECISIONS.addHandler(capture);
        log = new DecisionLog(new AllowSampler(5, () -> frozenNow), Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        log.close();
        DECISIONS.removeHandler(capture);
        DECISIONS.setLevel(levelBefore);
    }

    @Test
    void aThousandAllowsInOneSecondWriteFiveLinesAndOneSummaryWhileEveryDenialAndWarningIsLogged() {
        for (int i = 0; i < 1_000; i++) {
            log.judged(REVIEW, new Evaluation(Action.ALLOW, List.of()), null, System.nanoTime());
            if (i % 300 == 0) {
                log.judged(REVIEW, judged(Action.DENY), null, System.nanoTime());
                log.judged(REVIEW, judged(Action.WARN), null, System.nanoTime());
            }
        }
        log.unjudged(REVIEW, "DELETE is not judged", System.nanoTime());
        log.engineLate(REVIEW, System.nanoTime());

        assertEquals(5, count("verdict=allow rules=[] durationMs="), lines.toString());
        assertEquals(4, count("verdict=deny"));
        assertEquals(4, count("verdict=warn"));
        assertEquals(1, count("reason=\"engine late\""), "allowed unjudged by a late engine: always logged");
        assertEquals(0, count("reason=\"DELETE is not judged\""), "an unjudged allow is an allow");

        log.summarize();

        assertEquals(
                List.of("INFO 996 allowed admissions not logged in the last 3600 s (at most 5 a second:"
                        + " weighbridge.log.allow-decisions-per-second); every denial and warning is logged"),
                lines.stream().filter(line -> line.contains("not logged")).toList());
    }

    /**
     * The line's text, as README's Logs section describes it: every rule once, in the order the
     * findings came (images, then the Dockerfile's), dry-run ones included, the reason quoted.
     */
    @Test
    void theLineNamesTheObjectVerdictRulesAndReason() {
        Finding hardCap = new Finding("hard-cap", "cluster-defaults", Action.DENY, "too big", false);
        Finding veryBig = new Finding("very-big", "cluster-defaults", Action.WARN, "big", false);
        Finding dryRun = new Finding("hard-cap", "ml", Action.ALLOW, "would deny", true);
        Finding habit = new Finding("apt-lists", "cluster-defaults", Action.WARN, "apt lists", false, 3);
        Evaluation evaluation = new Evaluation(
                Action.DENY,
                List.of(
                        new ImageVerdict("a:1", null, null, List.of(hardCap, veryBig), Action.DENY),
                        new ImageVerdict("b:1", null, null, List.of(veryBig, dryRun, hardCap), Action.DENY)),
                List.of(habit));
        ReceivedReview clusterScoped = new ReceivedReview(
                "admission.k8s.io/v1",
                new AdmissionRequestBuilder()
                        .withUid("5e0a7c1e-0000-4000-8000-000000000002")
                        .withOperation("UPDATE")
                        .withDryRun(true)
                        .build(),
                null,
                null);

        log.judged(REVIEW, evaluation, "the object could not be read", System.nanoTime());
        log.judged(clusterScoped, new Evaluation(Action.ALLOW, List.of()), null, System.nanoTime());

        assertEquals(
                List.of(
                        "INFO admission uid=5e0a7c1e-0000-4000-8000-000000000001 kind=null object=shop/web"
                                + " operation=CREATE dryRun=false verdict=deny rules=[cluster-defaults/hard-cap:deny,"
                                + " cluster-defaults/very-big:warn, ml/hard-cap:dryrun, cluster-defaults/apt-lists:warn]"
                                + " reason=\"the object could not be read\" durationMs=0",
                        "INFO admission uid=5e0a7c1e-0000-4000-8000-000000000002 kind=null object=null"
                                + " operation=UPDATE dryRun=true verdict=allow rules=[] durationMs=0"),
                lines.stream()
                        .map(line -> line.replaceAll("durationMs=\\d+", "durationMs=0"))
                        .toList());
    }

    private long count(String part) {
        return lines.stream().filter(line -> line.contains(part)).count();
    }

    private static Evaluation judged(Action action) {
        Finding finding = new Finding("hard-cap", "cluster-defaults", action, "too big", false);
        return new Evaluation(
                action, List.of(new ImageVerdict("registry.test/app:1", null, null, List.of(finding), action)));
    }
}
