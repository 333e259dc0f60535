package io.weighbridge.admission;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.weighbridge.cluster.ClusterResources;
import io.weighbridge.cluster.CrdCluster;
import io.weighbridge.cluster.ResourcesAdmissionProfile;
import io.weighbridge.cluster.WeighbridgeResources;
import io.weighbridge.policy.PolicyEngine;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.MovableClock;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /validate} with policies and exceptions created as resources in the mock cluster
 * (CRUD, Weighbridge's CRDs installed), images weighed in the real test registry, the files of
 * {@code src/test/resources/e2e/policies} in force beside them: what a resource changes takes effect
 * at the next admission, without a restart; an exception stops lifting when the engine's clock
 * passes its expiry.
 */
@QuarkusTest
@TestProfile(ResourcesAdmissionProfile.class)
@WithKubernetesTestServer(setup = CrdCluster.class)
class PolicyResourcesAdmissionIT {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Inject
    KubernetesClient client;

    @Inject
    ClusterResources resources;

    @Inject
    PolicyEngine engine;

    @Inject
    MovableClock clock;

    private final Fixtures fixtures = Fixtures.get();
    private final String registry = fixtures.plainRegistry().hostPort();
    private final String big = fixtures.big().reference().toString();
    private final String small = fixtures.small().reference().toString();
    private final List<GenericKubernetesResource> created = new ArrayList<>();

    @BeforeEach
    void watching() {
        await().atMost(Duration.ofSeconds(30)).until(() -> resources.watched().size() == 3 && resources.synced());
    }

    @AfterEach
    void cleanUp() {
        clock.reset();
        created.forEach(resource -> client.genericKubernetesResources(context(resource))
                .resource(resource)
                .delete());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> resources.policies().policies().isEmpty()
                        && resources.exemptions().all().isEmpty());
    }

    @Test
    void aPolicyCreatedAsAResourceDeniesTheNextAdmissionWithoutARestartInItsNamespaceOnly() {
        JsonPath before =
                validate(AdmissionReviewFixture.create(storefront(big)).namespace("relaxed"));
        assertTrue(before.getBoolean("response.allowed"), "relaxed only warns by the files");

        create("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: tighter
                  namespace: relaxed
                spec:
                  rules:
                    - name: hard-cap
                      maxSize: 5Mi
                      action: deny
                """);
        await().atMost(Duration.ofSeconds(10)).until(() -> installed("relaxed/tighter"));

        JsonPath after = validate(AdmissionReviewFixture.create(storefront(big)).namespace("relaxed"));
        JsonPath elsewhere =
                validate(AdmissionReviewFixture.create(storefront(big)).namespace("trial"));

        System.out.println("namespaced ImageSizePolicy relaxed/tighter, before: allowed="
                + before.getBoolean("response.allowed") + " warnings=" + before.getList("response.warnings")
                + "\n  after: " + after.getString("response.status.message"));
        assertFalse(after.getBoolean("response.allowed"));
        assertEquals(403, after.getInt("response.status.code"));
        assertTrue(
                after.getString("response.status.message").contains("above the 5Mi limit of relaxed/tighter/hard-cap"),
                after.getString("response.status.message"));
        assertTrue(elsewhere.getBoolean("response.allowed"), "a namespaced policy judges its own namespace only");
    }

    @Test
    void aNamespacedPolicyCannotLoosenAClusterWidePolicy() {
        create("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: lenient
                  namespace: shop
                spec:
                  enforcement: dryrun
                  excludeImages: ["**"]
                  onRegistryError: allow
                  rules:
                    - name: roomy
                      maxSize: 100Mi
                      action: warn
                """);
        await().atMost(Duration.ofSeconds(10)).until(() -> installed("shop/lenient"));

        JsonPath response = validate(AdmissionReviewFixture.create(storefront(big)));

        assertFalse(response.getBoolean("response.allowed"));
        assertTrue(response.getString("response.status.message").contains("test-limits/hard-cap"));
    }

    /** The "Done means" case: lifted while the exception lasts, denied again once the clock passes its expiry. */
    @Test
    void anExceptionCreatedAsAResourceLiftsTheDenialUntilItExpiresThenNoLonger() {
        JsonPath before = validate(AdmissionReviewFixture.create(storefront(big)));
        assertFalse(before.getBoolean("response.allowed"));

        Instant expiresAt = clock.instant().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);
        create("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizeException
                metadata:
                  name: storefront-big-base
                  namespace: shop
                spec:
                  images: ["%s/app/big:*"]
                  workloads:
                    - kind: Deployment
                      name: storefront
                  rules: [test-limits/hard-cap]
                  reason: SHOP-481 moving to a distroless base
                  expiresAt: "%s"
                """.formatted(registry, expiresAt));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !resources.exemptions().all().isEmpty());

        JsonPath lifted = validate(AdmissionReviewFixture.create(storefront(big)));
        JsonPath otherWorkload = validate(AdmissionReviewFixture.create(named(storefront(big), "checkout")));
        clock.moveTo(expiresAt.plusSeconds(1));
        JsonPath expired = validate(AdmissionReviewFixture.create(storefront(big)));

        System.out.println("ImageSizeException shop/storefront-big-base (expiresAt " + expiresAt + ")"
                + "\n  before:  allowed=false " + before.getString("response.status.message")
                + "\n  lifted:  allowed=" + lifted.getBoolean("response.allowed") + " warnings="
                + lifted.getList("response.warnings")
                + "\n  expired (clock moved to " + expiresAt.plusSeconds(1) + "): allowed="
                + expired.getBoolean("response.allowed")
                + " " + expired.getString("response.status.message"));
        assertTrue(lifted.getBoolean("response.allowed"));
        List<String> warnings = lifted.getList("response.warnings");
        assertTrue(
                warnings.stream()
                        .anyMatch(
                                w -> w.startsWith("lifted until " + expiresAt + " by exception shop/storefront-big-base"
                                                + " (SHOP-481 moving to a distroless base): ")
                                        && w.contains("above the 5Mi limit of test-limits/hard-cap")),
                warnings.toString());
        assertTrue(warnings.stream().allMatch(w -> w.length() <= 255), warnings.toString());
        assertFalse(otherWorkload.getBoolean("response.allowed"), "the exception names the storefront Deployment only");
        assertFalse(expired.getBoolean("response.allowed"));
        assertTrue(expired.getString("response.status.message").contains("test-limits/hard-cap"));
    }

    /** The Pods a Deployment's rollout creates carry the pod-template-hash their ReplicaSet's name ends with: lifted too. */
    @Test
    void anExceptionForADeploymentLiftsItsReplicaSetsAndPods() {
        create("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizeException
                metadata:
                  name: storefront-rollout
                  namespace: shop
                spec:
                  workloads: [{kind: Deployment, name: storefront}]
                  rules: ["*/hard-cap"]
                  reason: SHOP-482
                  expiresAt: "2099-01-01T00:00:00Z"
                """);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !resources.exemptions().all().isEmpty());

        JsonPath pod = validate(AdmissionReviewFixture.create(rolloutPod(big)));

        assertTrue(pod.getBoolean("response.allowed"), pod.prettify());
        assertTrue(pod.getList("response.warnings").toString().contains("by exception shop/storefront-rollout"));
    }

    /** The "Done means" growth-budget denial: an UPDATE that swaps a container's image for one far bigger. */
    @Test
    void aGrowthBudgetDeniesAnUpdateThatGrowsAContainersImagePastIt() {
        JsonPath before = validate(AdmissionReviewFixture.update(storefront(small), storefront(big))
                .namespace("relaxed"));
        assertTrue(before.getBoolean("response.allowed"));

        create("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ClusterImageSizePolicy
                metadata:
                  name: growth-budget
                spec:
                  match:
                    namespaces: [relaxed]
                  rules:
                    - name: growth
                      maxGrowth: 20%
                      action: deny
                """);
        await().atMost(Duration.ofSeconds(10)).until(() -> installed("growth-budget"));

        JsonPath denied = validate(AdmissionReviewFixture.update(storefront(small), storefront(big))
                .namespace("relaxed"));
        JsonPath unchanged = validate(
                AdmissionReviewFixture.update(storefront(big), storefront(big)).namespace("relaxed"));
        JsonPath created =
                validate(AdmissionReviewFixture.create(storefront(big)).namespace("relaxed"));

        String message = denied.getString("response.status.message");
        System.out.println("growth budget growth-budget/growth (maxGrowth 20%), UPDATE web " + small + " -> " + big
                + ":\n  " + message);
        assertFalse(denied.getBoolean("response.allowed"));
        assertTrue(
                message.contains(big + " (container web) grew from "
                        + size(fixtures.small().sizeBytes()) + " (" + small + ") to "
                        + size(fixtures.big().sizeBytes()) + ", +"),
                message);
        assertTrue(message.contains("above the 20% growth budget of growth-budget/growth"), message);
        assertTrue(unchanged.getBoolean("response.allowed"), "an image that stays is no growth");
        assertTrue(created.getBoolean("response.allowed"), "a CREATE has nothing to grow from");
    }

    private static String size(long bytes) {
        return io.weighbridge.policy.ByteSizes.format(bytes);
    }

    private boolean installed(String id) {
        return engine.installedPolicies().policies().stream()
                .anyMatch(policy -> policy.id().equals(id));
    }

    private ObjectNode storefront(String image) {
        return E2eManifests.json("storefront-deployment.yaml", Map.of("image", image, "registry", registry));
    }

    private static ObjectNode named(ObjectNode deployment, String name) {
        ((ObjectNode) deployment.get("metadata")).put("name", name);
        return deployment;
    }

    /** A Pod as a Deployment's ReplicaSet creates it: unnamed yet, owned by the ReplicaSet, with the pod-template-hash. */
    private ObjectNode rolloutPod(String image) {
        try {
            return (ObjectNode) YAML.readTree("""
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      generateName: storefront-5d4b9c7f6-
                      namespace: shop
                      labels:
                        app.kubernetes.io/name: storefront
                        pod-template-hash: 5d4b9c7f6
                      ownerReferences:
                        - apiVersion: apps/v1
                          kind: ReplicaSet
                          name: storefront-5d4b9c7f6
                          uid: 0d3c8f4e-3c39-4a2b-9d61-1c7a0d5f9b21
                          controller: true
                          blockOwnerDeletion: true
                    spec:
                      containers:
                        - name: web
                          image: %s
                    """.formatted(image));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void create(String yaml) {
        try {
            GenericKubernetesResource resource = YAML.readValue(yaml, GenericKubernetesResource.class);
            created.add(client.genericKubernetesResources(context(resource))
                    .resource(resource)
                    .create());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResourceDefinitionContext context(GenericKubernetesResource resource) {
        for (WeighbridgeResources kind : WeighbridgeResources.values()) {
            if (kind.kind().equals(resource.getKind())) {
                return kind.context();
            }
        }
        throw new IllegalArgumentException(resource.getKind());
    }

    private static JsonPath validate(AdmissionReviewFixture review) {
        JsonPath response = given().contentType(ContentType.JSON)
                .body(review.json())
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(review.uid(), response.getString("response.uid"));
        return response;
    }
}
