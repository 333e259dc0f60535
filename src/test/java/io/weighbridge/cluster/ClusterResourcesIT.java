package io.weighbridge.cluster;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.weighbridge.metrics.Scrape;
import io.weighbridge.policy.Policy;
import io.weighbridge.policy.PolicyEngine;
import io.weighbridge.testing.KubectlTable;
import io.weighbridge.testing.MovableClock;
import io.weighbridge.testing.WeighbridgeCrds;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Policy and exception resources against the fabric8 mock server in CRUD mode with Weighbridge's
 * CRDs installed: found, watched, merged with the files, their status written by the Lease holder.
 * The mock server does not apply the CRDs' schemas, so it stores specs only the webhook's own
 * validation refuses: exactly what status must then report.
 */
@QuarkusTest
@TestProfile(ResourcesProfile.class)
@WithKubernetesTestServer(setup = CrdCluster.class)
class ClusterResourcesIT {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/q/metrics", management = true)
    URL metricsUrl;

    @TestHTTPResource(value = "/q/health/ready", management = true)
    URL readyUrl;

    @Inject
    KubernetesClient client;

    @Inject
    ClusterResources resources;

    @Inject
    StatusWriter writer;

    @Inject
    PolicyEngine engine;

    @Inject
    MovableClock clock;

    private final List<GenericKubernetesResource> created = new ArrayList<>();

    @BeforeEach
    void watching() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> resources.watched().size() == 3 && resources.synced() && writer.leading());
    }

    @AfterEach
    void cleanUp() {
        clock.reset();
        for (GenericKubernetesResource resource : created) {
            WeighbridgeResources kind = kindOf(resource);
            client.genericKubernetesResources(kind.context()).resource(resource).delete();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> resources.policyResources().isEmpty()
                        && resources.exceptionResources().isEmpty());
    }

    @Test
    void findsTheCrdsWatchesEveryKindAndIsReady() {
        assertEquals(
                List.of(
                        WeighbridgeResources.CLUSTER_POLICY,
                        WeighbridgeResources.POLICY,
                        WeighbridgeResources.EXCEPTION),
                resources.watched().stream().sorted().toList());
        String health = given().port(readyUrl.getPort())
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(
                health.contains("policy-resources")
                        && health.contains("watching ClusterImageSizePolicy, ImageSizePolicy," + " ImageSizeException"),
                health);
    }

    @Test
    void aValidPolicyIsInForceAndItsStatusSaysReadyWithItsGenerationAndRules() {
        create("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ClusterImageSizePolicy
                metadata:
                  name: resource-cap
                spec:
                  match:
                    namespaces: [relaxed]
                  rules:
                    - name: hard-cap
                      maxSize: 5Mi
                      action: deny
                    - name: growth
                      maxGrowth: 20%
                      action: deny
                """);

        JsonNode status = awaitStatus(
                WeighbridgeResources.CLUSTER_POLICY,
                null,
                "resource-cap",
                s -> s.at("/conditions/0/status").asText().equals("True"));

        assertEquals(1, status.get("observedGeneration").asLong());
        assertEquals(2, status.get("rules").asInt());
        assertEquals("Ready", status.at("/conditions/0/type").asText());
        assertEquals("Valid", status.at("/conditions/0/reason").asText());
        assertEquals("in force: 2 rules", status.at("/conditions/0/message").asText());
        assertEquals(1, status.at("/inForce/generation").asLong());
        assertTrue(installed("resource-cap").isPresent());
    }

    @Test
    void anInvalidChangeKeepsTheLastValidVersionInForceAndTheStatusSaysWhy() {
        GenericKubernetesResource policy = create("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: tighter
                  namespace: team-a
                spec:
                  rules:
                    - name: hard-cap
                      maxSize: 3Mi
                      action: deny
                """);
        awaitStatus(
                WeighbridgeResources.POLICY,
                "team-a",
                "tighter",
                s -> s.at("/conditions/0/reason").asText().equals("Valid"));

        edit(policy, spec -> {
            spec.putObject("match").putArray("kinds").add("Deploymnet");
            ((ObjectNode) spec.at("/rules/0")).put("maxSize", "3MB");
        });

        JsonNode status = awaitStatus(
                WeighbridgeResources.POLICY,
                "team-a",
                "tighter",
                s -> s.at("/conditions/0/reason").asText().equals("Invalid"));
        assertEquals(2, status.get("observedGeneration").asLong());
        assertEquals("False", status.at("/conditions/0/status").asText());
        assertEquals(
                "spec.match.kinds[0]: unsupported kind Deploymnet; did you mean Deployment?; spec.rules[0].maxSize: 3MB is"
                        + " not a Kubernetes quantity; write e.g. 5Gi, 500Mi or 2G; generation 1, the last valid one, stays in force",
                status.at("/conditions/0/message").asText());
        assertEquals(1, status.at("/inForce/generation").asLong());
        assertEquals("3Mi", status.at("/inForce/spec/rules/0/maxSize").asText());
        Policy inForce = installed("team-a/tighter").orElseThrow();
        assertEquals(3L * 1024 * 1024, inForce.rules().get(0).maxSizeBytes());
        assertEquals("team-a", inForce.namespace());
    }

    @Test
    void aClusterPolicyNamedLikeAFilePolicyIsNotInstalledAndItsStatusSaysSo() {
        create("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ClusterImageSizePolicy
                metadata:
                  name: test-limits
                spec:
                  rules:
                    - name: hard-cap
                      maxSize: 1Mi
                      action: deny
                """);

        JsonNode status = awaitStatus(
                WeighbridgeResources.CLUSTER_POLICY,
                null,
                "test-limits",
                s -> s.at("/conditions/0/reason").asText().equals("NameTaken"));

        assertTrue(status.at("/conditions/0/message").asText().startsWith("a policy file already defines test-limits"));
        assertFalse(status.has("rules"));
        List<Policy> named = engine.installedPolicies().policies().stream()
                .filter(p -> p.id().equals("test-limits"))
                .toList();
        assertEquals(1, named.size());
        assertTrue(
                named.get(0).source().endsWith("test-limits.yaml"), named.get(0).source());
    }

    @Test
    void aDeletedPolicyLeavesTheSet() {
        GenericKubernetesResource policy = create("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: short-lived
                  namespace: team-b
                spec:
                  rules:
                    - name: layers
                      maxLayers: 10
                      action: warn
                """);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> installed("team-b/short-lived").isPresent());

        client.genericKubernetesResources(WeighbridgeResources.POLICY.context())
                .resource(policy)
                .delete();
        created.remove(policy);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> installed("team-b/short-lived").isEmpty());
    }

    @Test
    void anExceptionIsActiveUntilItsExpiryThenExpiredWithItsExpiryInMetrics() {
        Instant expiresAt = Instant.parse("2031-01-01T00:00:00Z");
        create("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizeException
                metadata:
                  name: legacy-trainer
                  namespace: team-a
                spec:
                  images: ["registry.test/ml/*"]
                  workloads: [{kind: Deployment, name: trainer}]
                  rules: [test-limits/hard-cap]
                  reason: JIRA-123, slimming the CUDA base
                  expiresAt: "2031-01-01T00:00:00Z"
                """);

        JsonNode active = awaitStatus(
                WeighbridgeResources.EXCEPTION,
                "team-a",
                "legacy-trainer",
                s -> s.at("/conditions/0/status").asText().equals("True"));
        assertEquals("Active", active.at("/conditions/0/type").asText());
        assertEquals(
                "lifts test-limits/hard-cap for images registry.test/ml/* of Deployment/trainer until 2031-01-01T00:00:00Z",
                active.at("/conditions/0/message").asText());
        assertEquals(
                (double) expiresAt.getEpochSecond(),
                scrape().value(
                                "weighbridge_exception_expiry_timestamp_seconds",
                                "name",
                                "legacy-trainer",
                                "namespace",
                                "team-a"));
        assertEquals(1.0, scrape().value("weighbridge_exceptions", "state", "active"));

        clock.moveTo(expiresAt.plusSeconds(1));

        JsonNode expired = awaitStatus(
                WeighbridgeResources.EXCEPTION,
                "team-a",
                "legacy-trainer",
                s -> s.at("/conditions/0/reason").asText().equals("Expired"));
        assertEquals("False", expired.at("/conditions/0/status").asText());
        assertEquals(
                "expired at 2031-01-01T00:00:00Z; it lifts nothing",
                expired.at("/conditions/0/message").asText());
        assertEquals(1.0, scrape().value("weighbridge_exceptions", "state", "expired"));
        assertEquals(0.0, scrape().value("weighbridge_exceptions", "state", "active"));
    }

    @Test
    void anInvalidExceptionLiftsNothingAndSaysWhy() {
        create("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizeException
                metadata:
                  name: forever
                  namespace: team-b
                spec:
                  rules: [hard-cap]
                  reason: ""
                """);

        JsonNode status = awaitStatus(
                WeighbridgeResources.EXCEPTION,
                "team-b",
                "forever",
                s -> s.at("/conditions/0/reason").asText().equals("Invalid"));

        assertEquals(
                "spec.rules[0]: hard-cap is not policy/rule (globs allowed: cluster-defaults/*, */hard-cap);"
                        + " spec.reason: is required: say why, it is shown with every finding it lifts; spec.expiresAt: is required:"
                        + " every exception ends (RFC 3339, e.g. 2025-07-01T00:00:00Z); it lifts nothing",
                status.at("/conditions/0/message").asText());
        assertTrue(resources.exemptions().all().isEmpty());
        assertEquals(1.0, scrape().value("weighbridge_exceptions", "state", "invalid"));
    }

    /** {@code kubectl get imagesizepolicies -A}, rendered from the CRD's printer columns and the mock server's list. */
    @Test
    void kubectlGetShowsEnforcementRulesReadyAndAge() {
        create("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: tighter
                  namespace: team-a
                spec:
                  enforcement: enforce
                  rules:
                    - name: hard-cap
                      maxSize: 3Mi
                      action: deny
                    - name: growth
                      maxGrowth: 20%
                      action: deny
                """);
        GenericKubernetesResource broken = create("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: trial
                  namespace: team-b
                spec:
                  enforcement: warn
                  rules:
                    - name: hard-cap
                      maxSize: 3Mi
                      action: deny
                """);
        awaitStatus(
                WeighbridgeResources.POLICY,
                "team-b",
                "trial",
                s -> s.at("/conditions/0/status").asText().equals("True"));
        edit(broken, spec -> ((ObjectNode) spec.at("/rules/0")).put("maxSize", "lots"));
        awaitStatus(
                WeighbridgeResources.POLICY,
                "team-b",
                "trial",
                s -> s.at("/conditions/0/status").asText().equals("False"));
        awaitStatus(
                WeighbridgeResources.POLICY,
                "team-a",
                "tighter",
                s -> s.at("/conditions/0/status").asText().equals("True"));

        List<GenericKubernetesResource> listed = client.genericKubernetesResources(
                        WeighbridgeResources.POLICY.context())
                .inAnyNamespace()
                .list()
                .getItems();
        Instant created = Instant.parse(listed.get(0).getMetadata().getCreationTimestamp());
        String table = KubectlTable.render(
                WeighbridgeCrds.read(Path.of("deploy/crds/weighbridge.io_imagesizepolicies.yaml")),
                listed,
                true,
                created.plusSeconds(42));

        System.out.println("kubectl get imagesizepolicies -A\n" + table);
        assertEquals("""
                NAMESPACE   NAME      ENFORCEMENT   RULES   READY   AGE
                team-a      tighter   enforce       2       True    42s
                team-b      trial     warn          1       False   42s
                """, table.replaceAll("(?m)(\\d+)s$", "42s"));
    }

    private Optional<Policy> installed(String id) {
        return engine.installedPolicies().policies().stream()
                .filter(p -> p.id().equals(id))
                .findFirst();
    }

    private Scrape scrape() {
        return Scrape.parse(given().port(metricsUrl.getPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    private GenericKubernetesResource create(String yaml) {
        GenericKubernetesResource resource = read(yaml);
        GenericKubernetesResource stored = client.genericKubernetesResources(
                        kindOf(resource).context())
                .resource(resource)
                .create();
        created.add(stored);
        return stored;
    }

    /** Changes the stored spec, as {@code kubectl edit} would. */
    private void edit(GenericKubernetesResource resource, java.util.function.Consumer<ObjectNode> change) {
        var operation = client.genericKubernetesResources(kindOf(resource).context());
        GenericKubernetesResource current = (resource.getMetadata().getNamespace() == null
                        ? operation.withName(resource.getMetadata().getName())
                        : operation
                                .inNamespace(resource.getMetadata().getNamespace())
                                .withName(resource.getMetadata().getName()))
                .get();
        ObjectNode spec = JSON.valueToTree(current.getAdditionalProperties().get("spec"));
        change.accept(spec);
        current.setAdditionalProperty("spec", JSON.convertValue(spec, Object.class));
        client.genericKubernetesResources(kindOf(resource).context())
                .resource(current)
                .update();
    }

    private JsonNode awaitStatus(
            WeighbridgeResources kind, String namespace, String name, java.util.function.Predicate<JsonNode> until) {
        JsonNode[] status = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            var operation = client.genericKubernetesResources(kind.context());
            GenericKubernetesResource current = (namespace == null
                            ? operation.withName(name)
                            : operation.inNamespace(namespace).withName(name))
                    .get();
            status[0] = JSON.valueToTree(current.getAdditionalProperties().get("status"));
            return status[0] != null && !status[0].isNull() && until.test(status[0]);
        });
        return status[0];
    }

    static GenericKubernetesResource read(String yaml) {
        try {
            return YAML.readValue(yaml, GenericKubernetesResource.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static WeighbridgeResources kindOf(GenericKubernetesResource resource) {
        for (WeighbridgeResources kind : WeighbridgeResources.values()) {
            if (kind.kind().equals(resource.getKind())) {
                return kind;
            }
        }
        throw new IllegalArgumentException(resource.getKind());
    }
}
