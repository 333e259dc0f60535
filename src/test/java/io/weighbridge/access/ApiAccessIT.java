package io.weighbridge.access;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.weighbridge.admission.PullSecretsProfile;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.MockAuthApi;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/check} and {@code GET /api/v1/audit} answer only callers the cluster
 * authenticates (TokenReview) and authorises (SubjectAccessReview), against the fabric8 mock API
 * server answering both reviews; the real engine and the fixture registries behind.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = MockAuthApi.class)
@TestProfile(PullSecretsProfile.class)
class ApiAccessIT {

    @KubernetesTestServer
    KubernetesServer apiServer;

    private final Fixtures fixtures = Fixtures.get();

    @AfterEach
    void apiServerUp() {
        MockAuthApi.unavailable(false);
    }

    @Test
    void aCheckWithoutATokenIsRefusedWith401() {
        check(given(), List.of(fixtures.small().reference().toString()), null)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType(ContentType.TEXT)
                .body(
                        equalTo(
                                "no bearer token: send Authorization: Bearer TOKEN with a Kubernetes token (kubectl create token)\n"));
    }

    @Test
    void aCheckWithATokenTheClusterDoesNotKnowIsRefusedWith401() {
        check(
                        bearer("not-a-token-the-cluster-issued"),
                        List.of(fixtures.small().reference().toString()),
                        null)
                .then()
                .statusCode(401)
                .body(equalTo("the Kubernetes API did not authenticate the bearer token\n"));
    }

    @Test
    void aCheckByAUserWithoutTheRoleIsRefusedWith403() {
        String token = MockAuthApi.token("mallory@example.com", "developers");

        check(bearer(token), List.of(fixtures.small().reference().toString()), null)
                .then()
                .statusCode(403)
                .body(equalTo("mallory@example.com may not create checks.weighbridge.io"
                        + " (an admin binds the ClusterRole weighbridge-api-user to let a user call this API)\n"));
    }

    @Test
    void aCheckByAUserWithTheRoleIsAnswered() {
        String token = MockAuthApi.token("alice@example.com", "platform");
        MockAuthApi.grant("platform", "create", "checks.weighbridge.io", null);

        JsonPath report = check(
                        bearer(token), List.of(fixtures.small().reference().toString()), "shop")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertEquals("allow", report.getString("verdict"));
        assertEquals(fixtures.small().digest(), report.getString("images[0].digest"));
    }

    @Test
    void theAuditAnswersOnlyCallersThatMayGetAudits() {
        String reader = MockAuthApi.token("auditor@example.com");
        MockAuthApi.grant("auditor@example.com", "get", "audits.weighbridge.io", null);
        String other = MockAuthApi.token("bob@example.com");
        MockAuthApi.grant("bob@example.com", "create", "checks.weighbridge.io", null);

        given().get("/api/v1/audit").then().statusCode(401);
        bearer(other)
                .get("/api/v1/audit")
                .then()
                .statusCode(403)
                .body(equalTo("bob@example.com may not get audits.weighbridge.io"
                        + " (an admin binds the ClusterRole weighbridge-api-user to let a user call this API)\n"));
        // Authorised: the background audit is off in tests, so the answer is its one-line 503.
        bearer(reader).get("/api/v1/audit").then().statusCode(503).body(containsString("audit"));
    }

    @Test
    void aNamespacesPullSecretsWeighOnlyForCallersThatMayGetSecretsThere() {
        namespaceWithPullSecret("team-p");
        String privateImage = fixtures.privateImage().reference().toString();
        String owner = MockAuthApi.token("owner@example.com");
        MockAuthApi.grant("owner@example.com", "create", "checks.weighbridge.io", null);
        MockAuthApi.grant("owner@example.com", "get", "secrets", "team-p");
        String outsider = MockAuthApi.token("outsider@example.com");
        MockAuthApi.grant("outsider@example.com", "create", "checks.weighbridge.io", null);
        MockAuthApi.grant("outsider@example.com", "get", "secrets", "team-q");

        JsonPath ownersReport = check(bearer(owner), List.of(privateImage), "team-p")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath outsidersReport = check(bearer(outsider), List.of(privateImage), "team-p")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertEquals(fixtures.privateImage().digest(), ownersReport.getString("images[0].digest"));
        assertNull(ownersReport.get("credentials"));
        assertNull(outsidersReport.get("images[0].digest"));
        assertEquals(
                true, outsidersReport.getString("images[0].error").contains("HTTP 401"), outsidersReport.prettify());
        assertEquals(
                "the pull secrets of namespace team-p were not used: outsider@example.com may not get secrets there;"
                        + " weighed anonymously and with the webhook's auth file",
                outsidersReport.getString("credentials"));
    }

    @Test
    void reviewsAreCachedBriefly() {
        String token = MockAuthApi.token("carol@example.com");
        MockAuthApi.grant("carol@example.com", "create", "checks.weighbridge.io", null);
        int tokenReviews = MockAuthApi.tokenReviews();
        int accessReviews = MockAuthApi.accessReviews();

        for (int i = 0; i < 3; i++) {
            check(bearer(token), List.of(fixtures.small().reference().toString()), null)
                    .then()
                    .statusCode(200);
        }

        assertEquals(1, MockAuthApi.tokenReviews() - tokenReviews);
        assertEquals(1, MockAuthApi.accessReviews() - accessReviews);
    }

    @Test
    void aTokenReviewTheWebhookMayNotMakeGets503NotAnAnswer() {
        String token = MockAuthApi.token("dave@example.com");
        MockAuthApi.grant("dave@example.com", "create", "checks.weighbridge.io", null);
        MockAuthApi.unavailable(true);

        check(bearer(token), List.of(fixtures.small().reference().toString()), null)
                .then()
                .statusCode(503)
                .header("Retry-After", equalTo("10"))
                .body(equalTo(
                        "cannot authenticate the caller: the Kubernetes API did not answer the TokenReview (it answered"
                                + " HTTP 403: the webhook's service account may not create tokenreviews)\n"));
    }

    @Test
    void validateNeedsNoTokenTheApiServerCallsIt() {
        String review = """
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                 "request": {"uid": "b2a5e0c6-1f7e-4f5e-9a59-1c4a0e6b1d01", "operation": "CREATE", "namespace": "shop",
                   "kind": {"group": "", "version": "v1", "kind": "Pod"},
                   "resource": {"group": "", "version": "v1", "resource": "pods"},
                   "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "shop"},
                     "spec": {"containers": [{"name": "web", "image": "%s"}]}}}}
                """.formatted(fixtures.small().reference());
        given().contentType(ContentType.JSON)
                .body(review)
                .post("/validate")
                .then()
                .statusCode(200)
                .body("response.allowed", equalTo(true));
    }

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static io.restassured.response.Response check(
            RequestSpecification request, List<String> images, String namespace) {
        Map<String, Object> body =
                namespace == null ? Map.of("images", images) : Map.of("images", images, "namespace", namespace);
        return request.contentType(ContentType.JSON).body(body).when().post("/api/v1/check");
    }

    private void namespaceWithPullSecret(String namespace) {
        apiServer
                .getClient()
                .namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        String auth = base64(fixtures.authUser() + ":" + fixtures.authPassword());
        String dockerConfig =
                "{\"auths\": {\"" + fixtures.authRegistry().hostPort() + "\": {\"auth\": \"" + auth + "\"}}}";
        apiServer
                .getClient()
                .secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("regcred")
                        .withNamespace(namespace)
                        .endMetadata()
                        .withType("kubernetes.io/dockerconfigjson")
                        .withData(Map.of(".dockerconfigjson", base64(dockerConfig)))
                        .build())
                .create();
        apiServer
                .getClient()
                .serviceAccounts()
                .inNamespace(namespace)
                .resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("default")
                        .withNamespace(namespace)
                        .endMetadata()
                        .addNewImagePullSecret("regcred")
                        .build())
                .create();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
