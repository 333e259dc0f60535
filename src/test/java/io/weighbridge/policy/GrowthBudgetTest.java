package io.weighbridge.policy;

import static io.weighbridge.policy.FakeWeigher.MIB;
import static io.weighbridge.policy.FakeWeigher.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.image.BaseImage;
import io.weighbridge.image.Deadline;
import io.weighbridge.image.Digest;
import io.weighbridge.image.Layer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code maxGrowth}: an image judged by its growth over the one it replaces in the same container. */
class GrowthBudgetTest {
    private static final BaseImage ALPINE = new BaseImage("alpine", "3.20");
    private static final String V1 = "registry.test/shop/web:1.0";
    private static final String V2 = "registry.test/shop/web:2.0";
    private static final String V3 = "registry.test/shop/web:3.0";
    private static final Layer BASE = new Layer(
            Digest.parse("sha256:" + "a".repeat(64)),
            100 * MIB,
            "application/vnd.oci.image.layer.v1.tar+gzip",
            "/bin/sh -c #(nop) ADD file:1234 in / ");
    private static final Layer APP = new Layer(
            Digest.parse("sha256:" + "b".repeat(64)),
            200 * MIB,
            "application/vnd.oci.image.layer.v1.tar+gzip",
            "COPY dist /app # buildkit");
    private static final Layer TOOLCHAIN = new Layer(
            Digest.parse("sha256:" + "c".repeat(64)),
            120 * MIB,
            "application/vnd.oci.image.layer.v1.tar+gzip",
            "RUN /bin/sh -c apt-get update && apt-get install -y build-essential # buildkit");

    private final FakeWeigher weigher = new FakeWeigher()
            .with(image(V1, ALPINE, List.of(BASE, APP)))
            .with(image(V2, ALPINE, List.of(BASE, APP, TOOLCHAIN)))
            .with(image(
                    V3,
                    ALPINE,
                    List.of(
                            BASE,
                            new Layer(
                                    Digest.parse("sha256:" + "d".repeat(64)),
                                    210 * MIB,
                                    "application/vnd.oci.image.layer.v1.tar+gzip",
                                    "COPY dist /app # buildkit"))));

    private static final String TWENTY_PERCENT = DefaultPolicyEngineTest.policy("cluster-defaults", """
              rules:
                - name: growth
                  maxGrowth: 20%
                  action: deny
            """);

    @Test
    void deniesAnUpdateThatGrowsTheContainersImagePastItsBudgetWithBothSizesAndTheGrowth() {
        Evaluation evaluation = evaluate(TWENTY_PERCENT, new ImageUse(V2, "web", false).replacing(V1));

        assertEquals(Action.DENY, evaluation.verdict());
        Finding finding = evaluation.findings().findFirst().orElseThrow();
        assertEquals("cluster-defaults/growth", finding.policy() + "/" + finding.rule());
        assertEquals(
                "registry.test/shop/web:2.0 (container web) grew from 300.0 MiB (registry.test/shop/web:1.0) to 420.0 MiB,"
                        + " +120.0 MiB (+40%), above the 20% growth budget of cluster-defaults/growth; largest new layer 120.0 MiB from"
                        + " `RUN apt-get update && apt-get install -y build-essential`; use --no-install-recommends and"
                        + " rm -rf /var/lib/apt/lists/* in the same RUN",
                finding.message());
    }

    @Test
    void allowsGrowthWithinTheBudget() {
        Evaluation evaluation = evaluate(TWENTY_PERCENT, new ImageUse(V3, "web", false).replacing(V1));

        assertEquals(Action.ALLOW, evaluation.verdict(), evaluation.toString());
    }

    @Test
    void anAmountBudgetCountsBytes() {
        String budget = DefaultPolicyEngineTest.policy("p", """
                  rules:
                    - name: growth
                      maxGrowth: 100Mi
                      action: warn
                """);

        assertEquals(
                Action.WARN,
                evaluate(budget, new ImageUse(V2, "web", false).replacing(V1)).verdict());
        assertEquals(
                Action.ALLOW,
                evaluate(budget, new ImageUse(V3, "web", false).replacing(V1)).verdict());
    }

    @Test
    void aNewContainerOrACreateHasNoGrowthToJudge() {
        Evaluation evaluation = evaluate(TWENTY_PERCENT, new ImageUse(V2, "web", false));

        assertEquals(Action.ALLOW, evaluation.verdict());
        assertEquals(0, weigher.calls(V1));
    }

    @Test
    void shrinkingIsNeverGrowth() {
        assertEquals(
                Action.ALLOW,
                evaluate(TWENTY_PERCENT, new ImageUse(V1, "web", false).replacing(V2))
                        .verdict());
    }

    @Test
    void aReplacedImageThatCannotBeWeighedIsJudgedByOnRegistryError() {
        weigher.failing("registry.test/shop/web:0.9", "manifest unknown");
        String strict = DefaultPolicyEngineTest.policy("strict", """
                  onRegistryError: deny
                  rules:
                    - name: growth
                      maxGrowth: 20%
                      action: deny
                """);

        Evaluation evaluation =
                evaluate(strict, new ImageUse(V2, "web", false).replacing("registry.test/shop/web:0.9"));

        assertEquals(Action.DENY, evaluation.verdict());
        Finding finding = evaluation.findings().findFirst().orElseThrow();
        assertEquals(DefaultPolicyEngine.REGISTRY_ERROR_RULE, finding.rule());
        assertTrue(
                finding.message()
                        .contains("the image it replaces, registry.test/shop/web:0.9, could not be weighed to judge"
                                + " its growth: manifest unknown"),
                finding.message());
    }

    @Test
    void theReplacedImageIsWeighedOnlyWhenAPolicyJudgesGrowth() {
        String sizeOnly = DefaultPolicyEngineTest.policy("size", """
                  rules:
                    - name: cap
                      maxSize: 1Gi
                      action: deny
                """);

        evaluate(sizeOnly, new ImageUse(V2, "web", false).replacing(V1));

        assertEquals(0, weigher.calls(V1));
    }

    @Test
    void aPreexistingImageThatGrewIsWarnedNotDenied() {
        Evaluation evaluation = evaluate(TWENTY_PERCENT, new ImageUse(V2, "web", true).replacing(V1));

        assertEquals(Action.WARN, evaluation.verdict());
    }

    @Test
    void budgetsInPercentAndBytes() {
        GrowthBudget fifth = GrowthBudget.percent("20%", new BigDecimal("20"));
        assertFalse(fifth.exceededBy(100, 120));
        assertTrue(fifth.exceededBy(100, 121));
        assertFalse(fifth.exceededBy(100, 50));
        assertTrue(fifth.exceededBy(0, 1), "anything grown from nothing exceeds a share of nothing");
        GrowthBudget none = GrowthBudget.bytes("0", 0);
        assertTrue(none.exceededBy(100, 101));
        assertFalse(none.exceededBy(100, 100));
        assertEquals("+40%", GrowthBudget.share(300, 420));
        assertEquals("-50%", GrowthBudget.share(100, 50));
    }

    private Evaluation evaluate(String policyYaml, ImageUse use) {
        PolicySet policies;
        try {
            policies = PolicyLoader.parse(policyYaml, "test");
        } catch (PolicyValidationException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        EvaluationRequest request =
                new EvaluationRequest("shop", "Deployment", List.of(use), policies, Deadline.in(Duration.ofSeconds(5)));
        return new DefaultPolicyEngine(weigher, () -> PolicySet.EMPTY)
                .evaluate(request)
                .join();
    }
}
