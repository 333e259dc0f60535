package io.weighbridge.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.MockAuthApi;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pull secrets end to end: Secrets and ServiceAccounts in the fabric8 mock API server (CRUD
 * mode), the private image {@code team/private:1.0} on the real htpasswd registry, no static auth
 * file, and the real engine behind {@code POST /validate} and {@code POST /api/v1/check}.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = MockAuthApi.class)
@TestProfile(PullSecretsProfile.class)
class PullSecretAdmissionIT {

    @KubernetesTestServer
    KubernetesServer apiServer;

    private final Fixtures fixtures = Fixtures.get();
    private final String privateImage = fixtures.privateImage().reference().toString();
    private final AuthorizationRecorder recorder = AuthorizationRecorder.get();

    @Test
    void aDeploymentWeighsItsPrivateImageWithTheImagePullSecretItNames() {
        namespaceWithPullSecret("team-a", "regcred", fixtures.authRegistry().hostPort());

        JsonPath response =
                validate(AdmissionReviewFixture.create(reports(privateImage)).namespace("team-a"));

        assertThat(response.getBoolean("response.allowed"), is(true));
        assertThat(response.get("response.warnings"), is(nullValue()));
    }

    @Test
    void aPodTemplateWithoutPullSecretsUsesThoseOfTheDefaultServiceAccountInTheLegacyDockercfgLayout() {
        namespaceWithDockercfgSecret(
                "team-sa", "robot-pull", fixtures.authRegistry().hostPort());
        client().serviceAccounts()
                .inNamespace("team-sa")
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("default")
                        .withNamespace("team-sa")
                        .endMetadata()
                        .addNewImagePullSecret("robot-pull")
                        .build())
                .create();
        ObjectNode deployment = reports(privateImage);
        ((ObjectNode) deployment.at("/spec/template/spec")).remove("imagePullSecrets");

        JsonPath response = validate(AdmissionReviewFixture.create(deployment).namespace("team-sa"));

        assertThat(response.getBoolean("response.allowed"), is(true));
        assertThat(response.get("response.warnings"), is(nullValue()));
    }

    @Test
    void aPodTemplateThatNamesItsOwnSecretsDoesNotAlsoGetThoseOfItsServiceAccount() {
        // The API server copies the account's secrets only into pods that name none; the kubelet pulls with the pod's.
        namespaceWithPullSecret(
                "team-own", "account-pull", fixtures.authRegistry().hostPort());
        client().serviceAccounts()
                .inNamespace("team-own")
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("builder")
                        .withNamespace("team-own")
                        .endMetadata()
                        .addNewImagePullSecret("account-pull")
                        .build())
                .create();
        ObjectNode deployment = reports(privateImage);
        ((ObjectNode) deployment.at("/spec/template/spec")).put("serviceAccountName", "builder");

        JsonPath response = validate(AdmissionReviewFixture.create(deployment).namespace("team-own"));

        assertThat(
                response.getList("response.warnings"),
                hasItem(allOf(containsString("could not weigh " + privateImage), containsString("HTTP 401"))));
    }

    @Test
    void aNamespaceWithoutTheSecretCannotWeighTheImageEvenRightAfterANamespaceWithItDid() {
        namespaceWithPullSecret("team-owner", "regcred", fixtures.authRegistry().hostPort());
        client().namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("team-other")
                        .endMetadata()
                        .build())
                .create();

        JsonPath owner =
                validate(AdmissionReviewFixture.create(reports(privateImage)).namespace("team-owner"));
        JsonPath other =
                validate(AdmissionReviewFixture.create(reports(privateImage)).namespace("team-other"));

        assertThat(owner.get("response.warnings"), is(nullValue()));
        assertThat(other.getBoolean("response.allowed"), is(true));
        assertThat(
                other.getList("response.warnings"),
                hasItem(allOf(containsString("could not weigh " + privateImage), containsString("HTTP 401"))));
    }

    @Test
    void aSecretForOneRegistryIsNeverOfferedToAnother() {
        namespaceWithPullSecret("team-b", "regcred", fixtures.authRegistry().hostPort());
        String elsewhere = recorder.hostPort() + "/team/private:1.0";
        ObjectNode deployment = reports(privateImage);
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).put("image", elsewhere);

        JsonPath response = validate(AdmissionReviewFixture.create(deployment).namespace("team-b"));

        assertThat(
                response.getList("response.warnings"),
                hasItem(allOf(containsString(elsewhere), containsString("HTTP 401"))));
        assertThat(recorder.requests(), not(empty()));
        assertThat(recorder.authorizations(), is(empty()));
    }

    @Test
    void theCheckEndpointWeighsAnObjectWithThePullSecretsItNames() {
        namespaceWithPullSecret("team-check", "regcred", fixtures.authRegistry().hostPort());
        ObjectNode deployment = reports(privateImage);
        ((ObjectNode) deployment.get("metadata")).put("namespace", "team-check");

        // A caller who may read the namespace's secrets (ApiAccessIT covers one who may not).
        String token = MockAuthApi.token("team-check-admin@example.com");
        MockAuthApi.grant("team-check-admin@example.com", "create", "checks.weighbridge.io", null);
        MockAuthApi.grant("team-check-admin@example.com", "get", "secrets", "team-check");

        JsonPath report = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("object", deployment))
                .when()
                .post("/api/v1/check")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(report.getString("verdict"), is("allow"));
        assertThat(
                report.getString("images[0].digest"), is(fixtures.privateImage().digest()));
        assertThat(report.get("images[0].error"), is(nullValue()));
    }

    /** A namespace holding a {@code kubernetes.io/dockerconfigjson} Secret with the auth registry's credentials. */
    private void namespaceWithPullSecret(String namespace, String secretName, String registry) {
        client().namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        String userAndPassword = fixtures.authUser() + ":" + fixtures.authPassword();
        String dockerConfig = "{\"auths\": {\"" + registry + "\": {\"auth\": \"" + base64(userAndPassword) + "\"}}}";
        client().secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(secretName)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withType("kubernetes.io/dockerconfigjson")
                        .withData(Map.of(".dockerconfigjson", base64(dockerConfig)))
                        .build())
                .create();
    }

    /** The same credentials as a {@code kubernetes.io/dockercfg} Secret: the map without {@code auths}. */
    private void namespaceWithDockercfgSecret(String namespace, String secretName, String registry) {
        client().namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        String userAndPassword = fixtures.authUser() + ":" + fixtures.authPassword();
        String dockercfg = "{\"" + registry + "\": {\"auth\": \"" + base64(userAndPassword)
                + "\", \"email\": \"ci@example.com\"}}";
        client().secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(secretName)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withType("kubernetes.io/dockercfg")
                        .withData(Map.of(".dockercfg", base64(dockercfg)))
                        .build())
                .create();
    }

    private KubernetesClient client() {
        return apiServer.getClient();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode reports(String image) {
        return E2eManifests.json("reports-deployment.yaml", Map.of("image", image));
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
        assertThat(response.getString("response.uid"), is(review.uid()));
        return response;
    }
}
