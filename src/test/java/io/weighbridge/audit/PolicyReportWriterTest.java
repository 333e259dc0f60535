package io.weighbridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.weighbridge.image.BaseImage;
import io.weighbridge.image.Digest;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.Layer;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageVerdict;
import io.weighbridge.policy.RuleRef;
import io.weighbridge.testing.ApiPermission;
import io.weighbridge.testing.CrdSchema;
import io.weighbridge.testing.WeighbridgeCrds;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PolicyReports written into fabric8's mock server in CRUD mode with the PolicyReport CRDs installed,
 * each checked against the v1alpha2 schema of those CRDs.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyReportWriterTest {
    static final CrdSchema POLICY_REPORT =
            CrdSchema.of(Path.of("src/test/resources/wgpolicyk8s/wgpolicyk8s.io_policyreports.yaml"), "v1alpha2");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2025-06-01T12:00:00Z");
    private static final List<RuleRef> DEFAULTS = List.of(
            new RuleRef("cluster-defaults", "hard-cap"),
            new RuleRef("cluster-defaults", "very-big"),
            new RuleRef("cluster-defaults", "layer-count"));

    static KubernetesClient client;
    static KubernetesMockServer server;

    @BeforeEach
    void policyReportsServed() {
        if (!client.supports(PolicyReportBuilder.API_VERSION, PolicyReportBuilder.KIND)) {
            WeighbridgeCrds.installPolicyReports(client);
        }
        client.genericKubernetesResources(PolicyReportWriter.REPORTS)
                .inAnyNamespace()
                .delete();
    }

    @Test
    void writesOneReportPerNamespaceWithAResultPerWorkloadImageAndRule() {
        PolicyReportWriter writer = writer(500);

        writer.write(pass(storefrontDenied(), debugPod()));

        GenericKubernetesResource shop = report("shop");
        JsonNode json = JSON.valueToTree(shop);
        assertEquals(List.of(), POLICY_REPORT.problems(json));
        assertEquals("weighbridge", shop.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals(
                "{\"pass\":1,\"fail\":1,\"warn\":1,\"error\":0,\"skip\":0}",
                json.get("summary").toString());
        JsonNode fail = json.at("/results/0");
        assertEquals("weighbridge", fail.get("source").asText());
        assertEquals("cluster-defaults", fail.get("policy").asText());
        assertEquals("hard-cap", fail.get("rule").asText());
        assertEquals("fail", fail.get("result").asText());
        assertEquals("Image Size", fail.get("category").asText());
        assertTrue(fail.get("scored").asBoolean());
        assertEquals(
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"storefront\",\"namespace\":\"shop\",\"uid\":\"uid-storefront\"}",
                fail.at("/resources/0").toString());
        assertEquals("registry.test/shop/web:2.0", fail.at("/properties/image").asText());
        assertEquals("web", fail.at("/properties/container").asText());
        assertEquals("6442450944", fail.at("/properties/sizeBytes").asText());
        assertEquals("6.0 GiB", fail.at("/properties/size").asText());
        assertEquals(AT.getEpochSecond(), fail.at("/timestamp/seconds").asLong());
        assertEquals("warn", json.at("/results/1/result").asText());
        assertTrue(!json.at("/results/1/scored").asBoolean(), "warn results are not scored, as the API defines them");
        assertEquals("pass", json.at("/results/2/result").asText());
        assertEquals("layer-count", json.at("/results/2/rule").asText());
        assertEquals(
                "registry.test/shop/web:2.0 is 6.0 GiB; it meets cluster-defaults/layer-count",
                json.at("/results/2/message").asText());
        assertNotNull(report("batch"));
    }

    @Test
    void anImageThatCouldNotBeWeighedIsAnErrorAndALiftedFindingASkip() {
        ImageVerdict unweighed = new ImageVerdict(
                "registry.test/gone:1",
                null,
                "manifest unknown",
                List.of(new Finding("registry-error", "cluster-defaults", Action.WARN, "could not weigh ...", false)),
                Action.WARN,
                DEFAULTS);
        ImageVerdict lifted = new ImageVerdict(
                "registry.test/ml/trainer:4",
                weight("registry.test/ml/trainer:4", 6L << 30),
                null,
                List.of(new Finding(
                        "hard-cap", "cluster-defaults", Action.WARN, "lifted until ...", false, "ml/legacy")),
                Action.WARN,
                List.of(new RuleRef("cluster-defaults", "hard-cap")));

        writer(500)
                .write(pass(
                        new WorkloadVerdict(
                                new WorkloadRef("Deployment", "ml", "ghost"), "apps/v1", "uid-ghost", "app", unweighed),
                        new WorkloadVerdict(
                                new WorkloadRef("Deployment", "ml", "trainer"),
                                "apps/v1",
                                "uid-trainer",
                                "train",
                                lifted)));

        JsonNode ml = JSON.valueToTree(report("ml"));
        assertEquals(List.of(), POLICY_REPORT.problems(ml));
        assertEquals("error", ml.at("/results/0/result").asText());
        assertEquals("registry-error", ml.at("/results/0/rule").asText());
        assertEquals("skip", ml.at("/results/1/result").asText());
        assertEquals("ml/legacy", ml.at("/results/1/properties/exception").asText());
        assertEquals(2, ml.get("results").size(), "no passes for an image that was not weighed");
    }

    @Test
    void aReportIsUpdatedInPlaceOnlyWhenItsResultsChange() {
        PolicyReportWriter writer = writer(500);
        writer.write(pass(storefrontDenied()));
        GenericKubernetesResource first = report("shop");
        long writes = writer.writes();

        writer.write(pass(storefrontDenied()));
        assertEquals(writes, writer.writes(), "the same results again: nothing written");
        assertEquals(
                first.getMetadata().getResourceVersion(),
                report("shop").getMetadata().getResourceVersion());

        writer.write(pass(storefrontAllowed()));
        GenericKubernetesResource updated = report("shop");
        assertEquals(first.getMetadata().getUid(), updated.getMetadata().getUid(), "updated, not recreated");
        assertNotEquals(
                first.getMetadata().getResourceVersion(), updated.getMetadata().getResourceVersion());
        assertEquals(
                "{\"pass\":3,\"fail\":0,\"warn\":0,\"error\":0,\"skip\":0}",
                JSON.valueToTree(updated).get("summary").toString());
    }

    @Test
    void aNamespaceWithoutResultsLosesItsReportAndOthersReportsAreLeftAlone() {
        PolicyReportWriter writer = writer(500);
        writer.write(pass(storefrontDenied(), debugPod()));
        GenericKubernetesResource foreign = new GenericKubernetesResourceBuilder()
                .withApiVersion(PolicyReportBuilder.API_VERSION)
                .withKind(PolicyReportBuilder.KIND)
                .withNewMetadata()
                .withName("kyverno-polr")
                .withNamespace("batch")
                .endMetadata()
                .build();
        client.genericKubernetesResources(PolicyReportWriter.REPORTS)
                .inNamespace("batch")
                .resource(foreign)
                .create();

        writer.write(pass(storefrontDenied()));

        assertNull(report("batch"));
        assertNotNull(client.genericKubernetesResources(PolicyReportWriter.REPORTS)
                .inNamespace("batch")
                .withName("kyverno-polr")
                .get());
        assertNotNull(report("shop"));
    }

    @Test
    void aReportOverItsBoundKeepsTheWorstResultsAndSaysHowManyWereLeftOut() {
        writer(2).write(pass(storefrontDenied()));

        GenericKubernetesResource shop = report("shop");
        JsonNode json = JSON.valueToTree(shop);
        assertEquals(
                List.of("fail", "warn"),
                List.of(
                        json.at("/results/0/result").asText(),
                        json.at("/results/1/result").asText()));
        assertEquals(2, json.get("results").size());
        assertEquals("1", shop.getMetadata().getAnnotations().get(PolicyReportBuilder.OMITTED));
        assertEquals(1, json.at("/summary/pass").asInt(), "the summary counts every result");
    }

    /** Every request of a create, an update in place and the deletions, as the API server would authorise it. */
    @Test
    void everyCallItMakesIsGrantedByTheInstalledClusterRole() throws Exception {
        while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // the set-up's requests are not the writer's
        }
        PolicyReportWriter writer = writer(500);
        writer.write(pass(storefrontDenied(), debugPod()));
        writer.write(pass(storefrontAllowed()));
        writer.write(pass());

        Set<String> calls = new TreeSet<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            ApiPermission.of(request).ifPresent(calls::add);
        }
        assertTrue(
                calls.containsAll(Set.of(
                        "wgpolicyk8s.io/policyreports:create",
                        "wgpolicyk8s.io/policyreports:update",
                        "wgpolicyk8s.io/policyreports:delete",
                        "wgpolicyk8s.io/policyreports:list")),
                calls.toString());
        Set<String> missing = new TreeSet<>(calls);
        missing.removeAll(ApiPermission.grantedByClusterRole(Path.of("deploy/base/rbac.yaml"), "weighbridge"));
        assertEquals(Set.of(), missing, "calls deploy/base's ClusterRole does not grant");
    }

    @Test
    void withoutThePolicyReportCrdNothingIsWritten() {
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("policyreports.wgpolicyk8s.io")
                .delete();
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("clusterpolicyreports.wgpolicyk8s.io")
                .delete();
        PolicyReportWriter writer = writer(500);

        writer.write(pass(storefrontDenied()));

        assertEquals(0, writer.writes());
    }

    private static PolicyReportWriter writer(int maxResults) {
        return new PolicyReportWriter(
                TestAuditConfig.reporting(maxResults), () -> client, Clock.fixed(AT, ZoneOffset.UTC));
    }

    private static GenericKubernetesResource report(String namespace) {
        return client.genericKubernetesResources(PolicyReportWriter.REPORTS)
                .inNamespace(namespace)
                .withName("weighbridge-audit")
                .get();
    }

    private static AuditPass pass(WorkloadVerdict... verdicts) {
        AuditReport report = new AuditReport(
                AT.toString(), null, "replica-a", Action.DENY, verdicts.length, List.of(), List.of(), List.of());
        return new AuditPass(report, List.of(verdicts));
    }

    private static WorkloadVerdict storefrontDenied() {
        String image = "registry.test/shop/web:2.0";
        ImageVerdict verdict = new ImageVerdict(
                image,
                weight(image, 6L << 30),
                null,
                List.of(
                        new Finding(
                                "hard-cap",
                                "cluster-defaults",
                                Action.DENY,
                                image + " is 6.0 GiB, above the 5Gi limit",
                                false),
                        new Finding(
                                "very-big",
                                "cluster-defaults",
                                Action.WARN,
                                image + " is 6.0 GiB, above the 1Gi limit",
                                false)),
                Action.DENY,
                DEFAULTS);
        return new WorkloadVerdict(
                new WorkloadRef("Deployment", "shop", "storefront"), "apps/v1", "uid-storefront", "web", verdict);
    }

    private static WorkloadVerdict storefrontAllowed() {
        String image = "registry.test/shop/web:2.1";
        ImageVerdict verdict =
                new ImageVerdict(image, weight(image, 80L << 20), null, List.of(), Action.ALLOW, DEFAULTS);
        return new WorkloadVerdict(
                new WorkloadRef("Deployment", "shop", "storefront"), "apps/v1", "uid-storefront", "web", verdict);
    }

    private static WorkloadVerdict debugPod() {
        String image = "registry.test/tools/shell:1";
        ImageVerdict verdict =
                new ImageVerdict(image, weight(image, 5L << 20), null, List.of(), Action.ALLOW, DEFAULTS);
        return new WorkloadVerdict(new WorkloadRef("Pod", "batch", "debug"), "v1", "uid-debug", "shell", verdict);
    }

    private static ImageWeight weight(String image, long bytes) {
        return new ImageWeight(
                ImageReference.parse(image),
                Digest.parse("sha256:" + "0".repeat(64)),
                "linux/amd64",
                1000,
                List.of(new Layer(
                        Digest.parse("sha256:" + "1".repeat(64)),
                        bytes - 1000,
                        "application/vnd.oci.image.layer.v1.tar+gzip",
                        null)),
                new BaseImage("debian", "12"));
    }
}
