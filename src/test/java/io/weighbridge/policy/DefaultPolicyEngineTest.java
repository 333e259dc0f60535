package io.weighbridge.policy;

import static io.weighbridge.policy.FakeWeigher.GIB;
import static io.weighbridge.policy.FakeWeigher.MIB;
import static io.weighbridge.policy.FakeWeigher.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.image.BaseImage;
import io.weighbridge.image.Deadline;
import io.weighbridge.image.Digest;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.Layer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DefaultPolicyEngineTest {
    private static final BaseImage ALPINE = new BaseImage("alpine", "3.20");
    private static final BaseImage DEBIAN = new BaseImage("debian", "12");

    private static final String SMALL = "registry.test/app/small:1.0";
    private static final String BIG = "registry.test/app/big:1.0";
    private static final String HUGE = "registry.test/app/huge:1.0";

    private final FakeWeigher weigher = new FakeWeigher()
            .with(image(SMALL, ALPINE, 1 * MIB, 200_000))
            .with(image(BIG, ALPINE, 3 * MIB, 2 * GIB))
            .with(image(HUGE, DEBIAN, 50 * MIB, 6 * GIB));

    /** The shipped cluster defaults, in short. */
    private static final String DEFAULTS = policy("defaults", """
              match:
                excludeNamespaces: [kube-system, "openshift-*"]
              rules:
                - name: hard-cap
                  maxSize: 5Gi
                  action: deny
                - name: very-big
                  maxSize: 1Gi
                  action: warn
            """);

    @Test
    void allowsAnImageUnderEveryLimit() {
        Evaluation evaluation = evaluate(DEFAULTS, "apps", SMALL);

        assertEquals(Action.ALLOW, evaluation.verdict());
        assertEquals(List.of(), evaluation.images().get(0).findings());
        assertEquals(
                1 * MIB + 200_000 + 1000, evaluation.images().get(0).weight().sizeBytes());
    }

    @Test
    void deniesAnImageAboveTheHardCapAndStillReportsItsWarnings() {
        Evaluation evaluation = evaluate(DEFAULTS, "apps", HUGE);

        assertEquals(Action.DENY, evaluation.verdict());
        assertEquals(List.of("defaults/hard-cap:deny", "defaults/very-big:warn"), summary(evaluation));
        assertTrue(evaluation
                .findings()
                .findFirst()
                .orElseThrow()
                .message()
                .startsWith("registry.test/app/huge:1.0 is 6.0 GiB, above the 5Gi limit of defaults/hard-cap"));
    }

    @Test
    void warnsAboutAnImageBetweenTheWarnAndDenyLimits() {
        Evaluation evaluation = evaluate(DEFAULTS, "apps", BIG);

        assertEquals(Action.WARN, evaluation.verdict());
        assertEquals(List.of("defaults/very-big:warn"), summary(evaluation));
    }

    @Test
    void anImageExactlyAtTheLimitPasses() {
        weigher.with(image("registry.test/app/exact:1", ALPINE, GIB - 1000));

        assertEquals(
                Action.ALLOW,
                evaluate(DEFAULTS, "apps", "registry.test/app/exact:1").verdict());
    }

    @Test
    void warnsAboutTooManyLayers() {
        weigher.with(image("registry.test/app/layers:1.0", ALPINE, new long[45]));
        String layers = policy("layers", """
                  rules:
                    - name: layer-count
                      maxLayers: 40
                      action: warn
                """);

        Evaluation evaluation = evaluate(layers, "apps", "registry.test/app/layers:1.0");

        assertEquals(List.of("layers/layer-count:warn"), summary(evaluation));
        assertTrue(evaluation
                .findings()
                .findFirst()
                .orElseThrow()
                .message()
                .contains("has 45 layers (limit 40, layers/layer-count)"));
    }

    @Test
    void warnsWhenTheBaseIsNotAPreferredDistribution() {
        Evaluation evaluation = evaluate(preferring("[alpine, distroless, scratch]"), "apps", HUGE);

        assertEquals(List.of("bases/prefer-small-base:warn"), summary(evaluation));
        assertTrue(evaluation
                .findings()
                .findFirst()
                .orElseThrow()
                .message()
                .contains("is built on debian 12; bases/prefer-small-base prefers alpine, distroless, scratch"));
    }

    @Test
    void acceptsAnImageOnAPreferredDistribution() {
        assertEquals(
                Action.ALLOW, evaluate(preferring("[alpine]"), "apps", SMALL).verdict());
    }

    @Test
    void preferringUbiAcceptsTheRhelFamily() {
        weigher.with(image("registry.test/app/ubi:1", new BaseImage("rhel", "9.4"), 80 * MIB));

        assertEquals(
                Action.ALLOW,
                evaluate(preferring("[ubi]"), "apps", "registry.test/app/ubi:1").verdict());
    }

    @Test
    void warnsWhenTheBaseCouldNotBeDetected() {
        weigher.with(image("registry.test/app/odd:1", BaseImage.UNKNOWN, MIB));

        Evaluation evaluation = evaluate(preferring("[alpine]"), "apps", "registry.test/app/odd:1");

        assertEquals(Action.WARN, evaluation.verdict());
        assertEquals(
                "registry.test/app/odd:1: its base could not be detected in time or from its bottom layers, so "
                        + "bases/prefer-small-base (prefers alpine) was not applied",
                evaluation.findings().findFirst().orElseThrow().message());
    }

    @Test
    void neverDeniesForABaseThatCouldNotBeDetected() {
        weigher.with(image("registry.test/app/odd:1", BaseImage.UNKNOWN, MIB));
        String denyOffAlpine = policy("bases", """
                  rules:
                    - name: alpine-only
                      preferredBases: [alpine]
                      action: deny
                """);

        Evaluation evaluation = evaluate(denyOffAlpine, "apps", "registry.test/app/odd:1");

        assertEquals(Action.WARN, evaluation.verdict(), "denied for a base nobody saw");
        assertEquals(List.of("bases/alpine-only:warn"), summary(evaluation));
        assertEquals(
                Action.DENY, evaluate(denyOffAlpine, "apps", HUGE).verdict(), "a detected Debian base is still denied");
    }

    @Test
    void aBaseReferenceStillJudgesAnImageWhoseBaseWasNotDetected() {
        ImageWeight base = image("registry.test/base/runtime:2", DEBIAN, 30 * MIB, 5 * MIB);
        List<Layer> appLayers = new java.util.ArrayList<>(base.layers());
        appLayers.add(new Layer(
                Digest.parse("sha256:" + "e".repeat(64)), MIB, "application/vnd.oci.image.layer.v1.tar+gzip", null));
        weigher.with(base).with(image("registry.test/app/on-runtime:1", BaseImage.UNKNOWN, appLayers));

        Evaluation evaluation = evaluate(
                preferring("[alpine, \"registry.test/base/runtime:2\"]"), "apps", "registry.test/app/on-runtime:1");

        assertEquals(Action.ALLOW, evaluation.verdict(), "its layers start with the preferred base's");
    }

    @Test
    void acceptsAnImageBuiltOnAPreferredBaseImageAndWeighsThatBaseOnlyOnce() {
        ImageWeight base = image("registry.test/base/runtime:2", DEBIAN, 30 * MIB, 5 * MIB);
        List<Layer> appLayers = new java.util.ArrayList<>(base.layers());
        appLayers.add(new Layer(
                Digest.parse("sha256:" + "a".repeat(64)),
                2 * MIB,
                "application/vnd.oci.image.layer.v1.tar+gzip",
                "COPY app /app"));
        weigher.with(base).with(image("registry.test/app/on-runtime:1", DEBIAN, appLayers));
        PolicySet policy = policies(preferring("[alpine, \"registry.test/base/runtime:2\"]"));
        DefaultPolicyEngine engine = engine();

        Evaluation first = engine.evaluate(request("apps", "Pod", policy, "registry.test/app/on-runtime:1"))
                .join();
        Evaluation second = engine.evaluate(request("apps", "Pod", policy, "registry.test/app/on-runtime:1"))
                .join();

        assertEquals(Action.ALLOW, first.verdict());
        assertEquals(Action.ALLOW, second.verdict());
        assertEquals(1, weigher.calls("registry.test/base/runtime:2"));
    }

    @Test
    void warnsAboutAnImageWhoseLayersDoNotStartWithThePreferredBaseImage() {
        weigher.with(image("registry.test/base/runtime:2", DEBIAN, 30 * MIB));

        Evaluation evaluation = evaluate(preferring("[\"registry.test/base/runtime:2\"]"), "apps", HUGE);

        assertEquals(List.of("bases/prefer-small-base:warn"), summary(evaluation));
    }

    @Test
    void aPreferredBaseImageThatCannotBeWeighedCountsAsARegistryError() {
        weigher.failing("registry.test/base/runtime:2", "registry.test: connection refused");

        Evaluation evaluation = evaluate(preferring("[\"registry.test/base/runtime:2\"]"), "apps", HUGE);

        assertEquals(List.of("bases/registry-error:warn"), summary(evaluation));
        assertTrue(
                evaluation
                        .findings()
                        .findFirst()
                        .orElseThrow()
                        .message()
                        .contains(
                                "preferred base registry.test/base/runtime:2 (registry.test: connection refused) could not be weighed"));
    }

    @Test
    void warnEnforcementTurnsADenialIntoAWarning() {
        Evaluation evaluation = evaluate(DEFAULTS.replace("rules:", "enforcement: warn\n  rules:"), "apps", HUGE);

        assertEquals(Action.WARN, evaluation.verdict());
        assertEquals(List.of("defaults/hard-cap:warn", "defaults/very-big:warn"), summary(evaluation));
        assertTrue(evaluation
                .findings()
                .findFirst()
                .orElseThrow()
                .message()
                .endsWith("(would be denied; the policy only warns for now)"));
    }

    @Test
    void dryRunFindingsAllowAndAreMarkedForLogsOnly() {
        Evaluation evaluation = evaluate(DEFAULTS.replace("rules:", "enforcement: dryrun\n  rules:"), "apps", HUGE);

        assertEquals(Action.ALLOW, evaluation.verdict());
        assertEquals(List.of("defaults/hard-cap:allow", "defaults/very-big:allow"), summary(evaluation));
        assertTrue(evaluation.findings().allMatch(Finding::dryRun));
        assertTrue(evaluation.findings().findFirst().orElseThrow().message().endsWith("(dry run: would deny)"));
    }

    @Test
    void anImageAlreadyInTheObjectIsWarnedAboutButNeverDenied() {
        EvaluationRequest request = new EvaluationRequest(
                "apps", "Deployment", List.of(new ImageUse(HUGE, "app", true)), policies(DEFAULTS), soon());

        Evaluation evaluation = engine().evaluate(request).join();

        assertEquals(Action.WARN, evaluation.verdict());
        assertTrue(evaluation
                .findings()
                .findFirst()
                .orElseThrow()
                .message()
                .endsWith("(not denied: the image was already in use before this update)"));
    }

    @Test
    void aNewImageBesideAPreexistingOneIsStillDenied() {
        EvaluationRequest request = new EvaluationRequest(
                "apps",
                "Deployment",
                List.of(new ImageUse(HUGE, "old", true), new ImageUse(HUGE, "new", false)),
                policies(DEFAULTS),
                soon());

        Evaluation evaluation = engine().evaluate(request).join();

        assertEquals(Action.DENY, evaluation.verdict());
        assertEquals(
                List.of(Action.WARN, Action.DENY),
                evaluation.images().stream().map(ImageVerdict::verdict).toList());
        assertEquals(1, weigher.calls(HUGE));
    }

    @Test
    void skipsExcludedNamespacesWithoutWeighingAnything() {
        Evaluation kubeSystem = evaluate(DEFAULTS, "kube-system", HUGE);
        Evaluation openshift = evaluate(DEFAULTS, "openshift-monitoring", HUGE);

        assertEquals(Action.ALLOW, kubeSystem.verdict());
        assertEquals(Action.ALLOW, openshift.verdict());
        assertNull(kubeSystem.images().get(0).weight());
        assertEquals(0, weigher.totalCalls());
    }

    @Test
    void judgesOnlyTheNamespacesAPolicySelects() {
        String ml = policy("ml", """
                  match:
                    namespaces: ["ml-*", "data-*"]
                  rules:
                    - name: hard-cap
                      maxSize: 1Gi
                      action: deny
                """);

        assertEquals(Action.DENY, evaluate(ml, "ml-training", BIG).verdict());
        assertEquals(Action.ALLOW, evaluate(ml, "apps", BIG).verdict());
    }

    @Test
    void aDryRunOutsideAnyNamespaceIgnoresNamespaceExclusions() {
        assertEquals(
                Action.DENY,
                evaluate(DEFAULTS.replace("kube-system", "\"*\""), null, HUGE).verdict());
    }

    @Test
    void aDryRunOutsideAnyNamespaceIsJudgedOnlyByClusterWidePolicies() {
        String mlOnly = policy("ml", """
                  match:
                    namespaces: ["ml-*"]
                  rules:
                    - name: hard-cap
                      maxSize: 1Gi
                      action: deny
                """);
        String everywhere = mlOnly.replace("[\"ml-*\"]", "[\"*\"]");

        assertEquals(Action.ALLOW, evaluate(mlOnly, null, BIG).verdict());
        assertEquals(Action.DENY, evaluate(everywhere, null, BIG).verdict());
    }

    @Test
    void judgesOnlyTheKindsAPolicySelects() {
        String deployments = policy("deployments", """
                  match:
                    kinds: [Deployment]
                  rules:
                    - name: cap
                      maxSize: 1Gi
                      action: deny
                """);
        PolicySet set = policies(deployments);

        assertEquals(
                Action.DENY,
                engine().evaluate(request("apps", "Deployment", set, BIG))
                        .join()
                        .verdict());
        assertEquals(
                Action.ALLOW,
                engine().evaluate(request("apps", "Pod", set, BIG)).join().verdict());
        assertEquals(
                Action.DENY,
                engine().evaluate(request("apps", null, set, BIG)).join().verdict());
    }

    @Test
    void excludedImageGlobsStayWithinOnePathSegmentUnlessDoubled() {
        weigher.with(image("registry.test/app/team/huge:1", DEBIAN, 6 * GIB));
        String oneSegment = DEFAULTS.replace("rules:", "excludeImages: [\"registry.test/app/*\"]\n  rules:");
        String anyDepth = DEFAULTS.replace("rules:", "excludeImages: [\"registry.test/**\"]\n  rules:");

        assertEquals(Action.ALLOW, evaluate(oneSegment, "apps", HUGE).verdict());
        assertEquals(
                Action.DENY,
                evaluate(oneSegment, "apps", "registry.test/app/team/huge:1").verdict());
        assertEquals(
                Action.ALLOW,
                evaluate(anyDepth, "apps", "registry.test/app/team/huge:1").verdict());
    }

    @Test
    void anExcludedImagePatternWithoutTagCoversEveryTag() {
        String excluded = DEFAULTS.replace("rules:", "excludeImages: [\"registry.test/app/huge\"]\n  rules:");

        assertEquals(Action.ALLOW, evaluate(excluded, "apps", HUGE).verdict());
        assertEquals(0, weigher.totalCalls());
    }

    @Test
    void anImageEveryApplicablePolicyExcludesSaysWhichPolicyAndGlobExcludedIt() {
        String ml = policy("ml-workloads", """
                  excludeImages: ["quay.io/acme/ml-*"]
                  rules:
                    - name: hard-cap
                      maxSize: 20Gi
                      action: deny
                """);

        ImageVerdict verdict =
                evaluate(ml, "ml-team", "quay.io/acme/ml-trainer:2.1").images().get(0);

        assertEquals(Action.ALLOW, verdict.verdict());
        assertNull(verdict.weight());
        assertFalse(verdict.judged());
        assertEquals("excluded by policy ml-workloads (excludeImages \"quay.io/acme/ml-*\")", verdict.whyNotWeighed());
        assertEquals(0, weigher.totalCalls());
    }

    @Test
    void anImageSeveralPoliciesExcludeNamesEachOfThem() {
        PolicySet set = policies(DEFAULTS.replace("rules:", "excludeImages: [\"registry.test/**\"]\n  rules:") + "---\n"
                + policy("team", """
                          excludeImages: ["registry.test/app/huge"]
                          rules:
                            - name: cap
                              maxSize: 1Gi
                              action: deny
                        """));

        ImageVerdict verdict = engine().evaluate(request("apps", "Pod", set, HUGE))
                .join()
                .images()
                .get(0);

        assertEquals(
                "excluded by policies defaults (excludeImages \"registry.test/**\"), team (excludeImages"
                        + " \"registry.test/app/huge\")",
                verdict.whyNotWeighed());
    }

    @Test
    void anImageNoPolicyAppliesToSaysSo() {
        String ml = policy("ml", """
                  match:
                    namespaces: ["ml-*"]
                  rules:
                    - name: hard-cap
                      maxSize: 1Gi
                      action: deny
                """);

        assertEquals(
                "no policy applies to Deployment in namespace web",
                evaluate(ml, "web", BIG).images().get(0).whyNotWeighed());
        assertEquals(
                "no policy applies outside a namespace (only those for every namespace do)",
                evaluate(ml, null, BIG).images().get(0).whyNotWeighed());
        assertEquals(
                "no policies are in force",
                engine().evaluate(request("web", "Pod", PolicySet.EMPTY, BIG))
                        .join()
                        .images()
                        .get(0)
                        .whyNotWeighed());
    }

    @Test
    void aJudgedImageHasNoReasonForNotBeingJudged() {
        ImageVerdict verdict = evaluate(DEFAULTS, "apps", SMALL).images().get(0);

        assertTrue(verdict.judged());
        assertNull(verdict.whyNotWeighed());
    }

    @Test
    void theDockerfileLintJudgesTheDetectedDistributionOfTheFinalBaseAndSaysSo() {
        weigher.with(image("registry.test/myorg/base:1", ALPINE, 1 * MIB))
                .with(image("registry.test/myorg/runtime:1", DEBIAN, 1 * MIB));
        PolicySet set = policies(preferring("[alpine, distroless, scratch]"));

        List<Finding> onAlpine = lint(set, "FROM registry.test/myorg/base:1\nCOPY app /app\n");
        List<Finding> onDebian = lint(set, "FROM registry.test/myorg/runtime:1\nCOPY app /app\n");

        assertEquals(List.of(), onAlpine, "detected as Alpine 3.20: preferred, whatever its name");
        assertEquals(1, onDebian.size(), onDebian.toString());
        assertEquals("base-not-preferred", onDebian.get(0).rule());
        assertTrue(
                onDebian.get(0)
                        .message()
                        .contains("the final base registry.test/myorg/runtime:1, detected as debian 12, is not one"
                                + " of the preferred bases alpine, distroless, scratch"),
                onDebian.get(0).message());
    }

    @Test
    void theDockerfileLintJudgesTheNameWhenTheFinalBaseCouldNotBeWeighed() {
        List<Finding> unweighed = lint(policies(preferring("[alpine]")), "FROM registry.test/myorg/gone:1\n");

        assertEquals(
                List.of("base-not-preferred"),
                unweighed.stream().map(Finding::rule).toList());
        assertTrue(
                unweighed.get(0).message().contains("the final base registry.test/myorg/gone:1 is not one of"),
                unweighed.get(0).message());
    }

    private List<Finding> lint(PolicySet set, String dockerfile) {
        io.weighbridge.dockerfile.Dockerfile parsed = io.weighbridge.dockerfile.Dockerfile.parse(dockerfile);
        String base = parsed.finalBase().orElseThrow();
        EvaluationRequest request = new EvaluationRequest(
                "apps",
                null,
                List.of(new ImageUse(base, "build:FROM line 1", false)),
                set,
                soon(),
                new DockerfileSource(parsed, "Dockerfile"));
        return engine().evaluate(request).join().dockerfileFindings();
    }

    @Test
    void theStrongestActionOfSeveralPoliciesWinsAndEveryWarningIsReported() {
        String strict = policy("strict", """
                  rules:
                    - name: cap
                      maxSize: 1Gi
                      action: deny
                """);
        String bases = preferring("[alpine]");

        Evaluation evaluation = evaluate(DEFAULTS + "---\n" + strict + "---\n" + bases, "apps", BIG, HUGE);

        assertEquals(Action.DENY, evaluation.verdict());
        assertEquals(
                List.of(
                        "defaults/very-big:warn",
                        "strict/cap:deny",
                        "defaults/hard-cap:deny",
                        "defaults/very-big:warn",
                        "strict/cap:deny",
                        "bases/prefer-small-base:warn"),
                summary(evaluation));
        assertEquals(
                List.of(Action.DENY, Action.DENY),
                evaluation.images().stream().map(ImageVerdict::verdict).toList());
    }

    @ParameterizedTest(name = "onRegistryError: {0}")
    @EnumSource(Action.class)
    void anImageThatCannotBeWeighedIsJudgedByOnRegistryError(Action onRegistryError) {
        weigher.failing("registry.test/app/gone:1", "registry.test/app/gone:1: manifest unknown");
        String policy = DEFAULTS.replace("rules:", "onRegistryError: " + onRegistryError.id() + "\n  rules:");

        Evaluation evaluation = evaluate(policy, "apps", "registry.test/app/gone:1");

        assertEquals(onRegistryError, evaluation.verdict());
        ImageVerdict verdict = evaluation.images().get(0);
        assertEquals("registry.test/app/gone:1: manifest unknown", verdict.error());
        assertNull(verdict.weight());
        assertEquals(List.of("defaults/registry-error:" + onRegistryError.id()), summary(evaluation));
    }

    @Test
    void meetsTheDeadlineWhenTheRegistryNeverAnswers() {
        weigher.silentOn("registry.test/app/slow:1");
        long started = System.nanoTime();
        EvaluationRequest request = new EvaluationRequest(
                "apps",
                "Pod",
                List.of(ImageUse.of("registry.test/app/slow:1"), ImageUse.of(HUGE)),
                policies(DEFAULTS),
                Deadline.in(Duration.ofMillis(300)));

        Evaluation evaluation =
                engine().evaluate(request).orTimeout(5, TimeUnit.SECONDS).join();

        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < 800, "answered " + tookMillis + " ms after a 300 ms deadline");
        assertEquals(
                List.of("defaults/registry-error:warn", "defaults/hard-cap:deny", "defaults/very-big:warn"),
                summary(evaluation));
        assertEquals(
                "not weighed before the deadline", evaluation.images().get(0).error());
    }

    @Test
    void anInvalidReferenceCountsAsAnImageThatCannotBeWeighed() {
        Evaluation evaluation =
                evaluate(DEFAULTS.replace("rules:", "onRegistryError: deny\n  rules:"), "apps", "Not A Valid/Image!!");

        assertEquals(Action.DENY, evaluation.verdict());
        ImageVerdict verdict = evaluation.images().get(0);
        assertEquals("Not A Valid/Image!!", verdict.image());
        assertTrue(verdict.error().startsWith("invalid image reference"), verdict.error());
        assertEquals(0, weigher.totalCalls());
    }

    @Test
    void anImageUnknownBeforeUseIsNotWeighedAndItsReasonIsTheFindings() {
        // Even a parseable reference: the caller knows it is not what will be pulled.
        ImageUse base =
                new ImageUse(SMALL, "build:Dockerfile FROM line 2", false, "BASE set by valueFrom, not known yet");
        EvaluationRequest request =
                new EvaluationRequest("apps", "BuildConfig", List.of(base), policies(DEFAULTS), soon());

        Evaluation evaluation = engine().evaluate(request).join();

        assertEquals(Action.WARN, evaluation.verdict());
        assertEquals(
                "BASE set by valueFrom, not known yet",
                evaluation.images().get(0).error());
        assertEquals(
                "could not weigh build base " + SMALL
                        + " (Dockerfile FROM line 2): BASE set by valueFrom, not known yet;"
                        + " defaults says warn when an image cannot be weighed",
                evaluation.findings().findFirst().orElseThrow().message());
        assertEquals(0, weigher.totalCalls());
    }

    @Test
    void aWeigherThatThrowsIsARegistryErrorNotAFailure() {
        PolicyEngine engine = new DefaultPolicyEngine(
                (reference, context) -> {
                    throw new IllegalStateException("boom");
                },
                () -> policies(DEFAULTS));

        Evaluation evaluation = engine.evaluate(
                        new EvaluationRequest("apps", "Pod", List.of(ImageUse.of(HUGE)), null, soon()))
                .join();

        assertEquals(Action.WARN, evaluation.verdict());
        assertEquals(Weighing.UNEXPECTED, evaluation.images().get(0).error());
    }

    @Test
    void aRequestWithoutNamespacePullSecretsWeighsOutsideTheNamespaceButIsJudgedByItsPolicies() {
        List<String> namespacesWeighedIn = new java.util.concurrent.CopyOnWriteArrayList<>();
        PolicyEngine engine = new DefaultPolicyEngine(
                (reference, context) -> {
                    namespacesWeighedIn.add(String.valueOf(context.namespace()));
                    return weigher.weigh(reference, context);
                },
                () -> policies(DEFAULTS));
        EvaluationRequest request = new EvaluationRequest("apps", "Pod", List.of(ImageUse.of(HUGE)), null, soon());

        Evaluation withSecrets = engine.evaluate(request).join();
        Evaluation without =
                engine.evaluate(request.withoutNamespacePullSecrets()).join();

        assertEquals(List.of("apps", "null"), namespacesWeighedIn);
        assertEquals(Action.DENY, withSecrets.verdict());
        assertEquals(Action.DENY, without.verdict());
    }

    @Test
    void weighsEachDistinctReferenceOnce() {
        Evaluation evaluation = evaluate(DEFAULTS, "apps", SMALL, "registry.test/app/small:1.0", BIG, SMALL);

        assertEquals(4, evaluation.images().size());
        assertEquals(1, weigher.calls(SMALL));
        assertEquals(1, weigher.calls(BIG));
    }

    @Test
    void anObjectWithoutImagesIsAllowed() {
        Evaluation evaluation = evaluate(DEFAULTS, "apps");

        assertEquals(Action.ALLOW, evaluation.verdict());
        assertEquals(List.of(), evaluation.images());
    }

    @Test
    void usesTheInstalledPoliciesWhenTheRequestNamesNone() {
        PolicyEngine engine = new DefaultPolicyEngine(weigher, () -> policies(DEFAULTS));

        Evaluation evaluation = engine.evaluate(
                        new EvaluationRequest("apps", "Pod", List.of(ImageUse.of(HUGE)), null, soon()))
                .join();

        assertEquals(Action.DENY, evaluation.verdict());
        assertNotNull(evaluation.images().get(0).weight());
    }

    @Test
    void namesTheContainerInMessages() {
        EvaluationRequest request = new EvaluationRequest(
                "apps", "Pod", List.of(new ImageUse(HUGE, "trainer", false)), policies(DEFAULTS), soon());

        Finding finding =
                engine().evaluate(request).join().findings().findFirst().orElseThrow();

        assertTrue(
                finding.message().startsWith("registry.test/app/huge:1.0 (container trainer) is 6.0 GiB"),
                finding.message());
    }

    // --- helpers

    private DefaultPolicyEngine engine() {
        return new DefaultPolicyEngine(weigher, () -> PolicySet.EMPTY);
    }

    private Evaluation evaluate(String policyYaml, String namespace, String... images) {
        return engine().evaluate(request(namespace, "Deployment", policies(policyYaml), images))
                .join();
    }

    private static EvaluationRequest request(String namespace, String kind, PolicySet policies, String... images) {
        return new EvaluationRequest(
                namespace,
                kind,
                java.util.Arrays.stream(images).map(ImageUse::of).toList(),
                policies,
                soon());
    }

    private static Deadline soon() {
        return Deadline.in(Duration.ofSeconds(5));
    }

    private static List<String> summary(Evaluation evaluation) {
        return evaluation
                .findings()
                .map(f -> f.policy() + "/" + f.rule() + ":" + f.action().id())
                .toList();
    }

    private static String preferring(String bases) {
        return policy("bases", """
                  rules:
                    - name: prefer-small-base
                      preferredBases: %s
                      action: warn
                """.formatted(bases));
    }

    static String policy(String name, String spec) {
        return """
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: %s
                spec:
                """.formatted(name) + spec;
    }

    static PolicySet policies(String yaml) {
        try {
            return PolicyLoader.parse(yaml, "test.yaml");
        } catch (PolicyValidationException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
