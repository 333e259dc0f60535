package io.weighbridge.policy;

import static io.weighbridge.policy.FakeWeigher.MIB;
import static io.weighbridge.policy.FakeWeigher.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weighbridge.image.BaseImage;
import io.weighbridge.image.Deadline;
import io.weighbridge.policy.Exemption.WorkloadPattern;
import io.weighbridge.workload.WorkloadName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Exceptions lift findings into warnings that name them, only what they cover, only until they expire. */
class ExemptionsTest {
    private static final String BIG = "quay.io/acme/ml-trainer:4.2";
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Instant EXPIRY = Instant.parse("2025-07-01T00:00:00Z");
    private static final List<WorkloadName> TRAINER = List.of(new WorkloadName("Deployment", "trainer"));

    private final FakeWeigher weigher = new FakeWeigher().with(image(BIG, new BaseImage("ubuntu", "22.04"), 300 * MIB));
    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    private static final String CAPS = DefaultPolicyEngineTest.policy("cluster-defaults", """
              rules:
                - name: hard-cap
                  maxSize: 100Mi
                  action: deny
                - name: very-big
                  maxSize: 50Mi
                  action: warn
            """);

    @Test
    void aLiftedDenialBecomesAWarningThatNamesTheExceptionItsExpiryAndReason() {
        Evaluation evaluation =
                evaluate(exemption(List.of(), List.of(), List.of("cluster-defaults/hard-cap")), "ml", TRAINER);

        assertEquals(Action.WARN, evaluation.verdict());
        Finding lifted = evaluation
                .findings()
                .filter(f -> f.rule().equals("hard-cap"))
                .findFirst()
                .orElseThrow();
        assertEquals(Action.WARN, lifted.action());
        assertEquals("ml/legacy", lifted.liftedBy());
        assertEquals("lifted", lifted.outcome());
        assertTrue(
                lifted.message()
                        .startsWith(
                                "lifted until 2025-07-01T00:00:00Z by exception ml/legacy (JIRA-123 slimming the"
                                        + " CUDA base): quay.io/acme/ml-trainer:4.2 is 300.0 MiB, above the 100Mi limit of cluster-defaults/hard-cap"),
                lifted.message());
        assertTrue(lifted.message().length() <= FindingMessages.WARNING_LIMIT);
        Finding other = evaluation
                .findings()
                .filter(f -> f.rule().equals("very-big"))
                .findFirst()
                .orElseThrow();
        assertNull(other.liftedBy(), "very-big is not named: it warns as it did");
    }

    @Test
    void itStopsLiftingTheInstantItExpires() {
        Exemption exemption = exemption(List.of(), List.of(), List.of("cluster-defaults/*"));
        now.set(EXPIRY.minusMillis(1));
        assertEquals(Action.WARN, evaluate(exemption, "ml", TRAINER).verdict());

        now.set(EXPIRY);
        assertEquals(Action.DENY, evaluate(exemption, "ml", TRAINER).verdict());
    }

    @Test
    void itLiftsOnlyInItsOwnNamespace() {
        assertEquals(
                Action.DENY,
                evaluate(exemption(List.of(), List.of(), List.of("*/*")), "other", TRAINER)
                        .verdict());
    }

    @Test
    void imageGlobsMatchTheNormalisedReferenceWithOrWithoutTag() {
        assertEquals(
                Action.WARN,
                evaluate(exemption(List.of("quay.io/acme/ml-*"), List.of(), List.of("*/hard-cap")), "ml", TRAINER)
                        .verdict());
        assertEquals(
                Action.DENY,
                evaluate(exemption(List.of("quay.io/other/*"), List.of(), List.of("*/hard-cap")), "ml", TRAINER)
                        .verdict());
    }

    @Test
    void workloadPatternsMatchTheObjectOrTheWorkloadsThatOwnIt() {
        Exemption forTrainer =
                exemption(List.of(), List.of(new WorkloadPattern("Deployment", "trainer")), List.of("*/hard-cap"));
        List<WorkloadName> rolloutPod = List.of(
                new WorkloadName("Pod", "trainer-7d9f5-"),
                new WorkloadName("ReplicaSet", "trainer-7d9f5"),
                new WorkloadName("Deployment", "trainer"));

        assertEquals(Action.WARN, evaluate(forTrainer, "ml", rolloutPod).verdict());
        assertEquals(
                Action.DENY,
                evaluate(forTrainer, "ml", List.of(new WorkloadName("Deployment", "server")))
                        .verdict());
        assertEquals(Action.DENY, evaluate(forTrainer, "ml", List.of()).verdict(), "a bare image is no workload");
        Exemption anyKind = exemption(List.of(), List.of(new WorkloadPattern(null, "trainer*")), List.of("*/hard-cap"));
        assertEquals(
                Action.WARN,
                evaluate(anyKind, "ml", List.of(new WorkloadName("StatefulSet", "trainer-db")))
                        .verdict());
    }

    @Test
    void theRulePolicyPartMatchesANamespacedPolicyByItsOwnName() {
        Finding namespaced = new Finding("hard-cap", "ml/tighter", Action.DENY, "too big", false);
        Exemption exemption = exemption(List.of(), List.of(), List.of("tighter/hard-cap"));

        List<Finding> lifted = new Exemptions(List.of(exemption)).lift(List.of(namespaced), "ml", TRAINER, null, NOW);

        assertEquals("ml/legacy", lifted.get(0).liftedBy());
    }

    @Test
    void dryRunFindingsAreLeftAsTheyAre() {
        Finding dryRun = new Finding("hard-cap", "trial", Action.ALLOW, "would deny", true);
        List<Finding> findings = List.of(dryRun);

        assertSame(
                findings,
                new Exemptions(List.of(exemption(List.of(), List.of(), List.of("*/*"))))
                        .lift(findings, "ml", TRAINER, null, NOW));
    }

    @Test
    void anImageNamedByAnExceptionIsNotLiftedWhenThereIsNoImage() {
        Finding habit = new Finding("apk-no-cache", "builds", Action.DENY, "Dockerfile line 3", false);

        List<Finding> lifted = new Exemptions(List.of(exemption(List.of("quay.io/**"), List.of(), List.of("*/*"))))
                .lift(List.of(habit), "ml", TRAINER, null, NOW);

        assertNull(lifted.get(0).liftedBy());
    }

    @Test
    void readsAnExceptionsSpecAndNamesEveryProblem() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Exemption read = ExemptionReader.read("ml", "legacy", json.readTree("""
                {"images": ["quay.io/acme/ml-*"], "workloads": [{"kind": "Deployment", "name": "trainer"}, {"name": "batch-*"}],
                 "rules": ["cluster-defaults/hard-cap"], "reason": "JIRA-123", "expiresAt": "2025-07-01T02:00:00+02:00"}
                """));
        assertEquals(
                List.of(new WorkloadPattern("Deployment", "trainer"), new WorkloadPattern(null, "batch-*")),
                read.workloads());
        assertEquals(EXPIRY, read.expiresAt());

        PolicyValidationException e = org.junit.jupiter.api.Assertions.assertThrows(
                PolicyValidationException.class, () -> ExemptionReader.read("ml", "bad", json.readTree("""
                        {"images": ["nginx"], "workloads": [{"kind": "Deployment"}], "rules": [], "reason": " ",
                         "expiresAt": "next week"}
                        """)));
        assertEquals(
                List.of(
                        "ImageSizeException ml/bad: spec.images[0]: never matches: patterns apply to normalised references like"
                                + " docker.io/library/nginx, so write the registry and repository",
                        "ImageSizeException ml/bad: spec.workloads[0].name: is required (a glob such as trainer-*)",
                        "ImageSizeException ml/bad: spec.rules: must name at least one policy/rule pair",
                        "ImageSizeException ml/bad: spec.reason: is required: say why, it is shown with every finding it lifts",
                        "ImageSizeException ml/bad: spec.expiresAt: next week is not an RFC 3339 time such as 2025-07-01T00:00:00Z"),
                e.problems().stream().map(PolicyProblem::toString).toList());
    }

    private Evaluation evaluate(Exemption exemption, String namespace, List<WorkloadName> workload) {
        PolicySet policies;
        try {
            policies = PolicyLoader.parse(CAPS, "test");
        } catch (PolicyValidationException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        DefaultPolicyEngine engine =
                new DefaultPolicyEngine(weigher, () -> policies, () -> new Exemptions(List.of(exemption)), clock);
        EvaluationRequest request = new EvaluationRequest(
                        namespace, "Deployment", List.of(ImageUse.of(BIG)), null, Deadline.in(Duration.ofSeconds(5)))
                .forWorkload(workload);
        return engine.evaluate(request).join();
    }

    private static Exemption exemption(List<String> images, List<WorkloadPattern> workloads, List<String> rules) {
        return new Exemption("ml", "legacy", images, workloads, rules, "JIRA-123 slimming the CUDA base", EXPIRY);
    }
}
