package io.weighbridge.check;

import static io.restassured.RestAssured.given;
import static io.weighbridge.check.Verdicts.finding;
import static io.weighbridge.check.Verdicts.weighed;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.Policy;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ScriptedEngineProfile.class)
class CheckResourceTest {
    private static final String TRIAL_POLICY = """
            apiVersion: weighbridge.io/v1alpha1
            kind: ImageSizePolicy
            metadata:
              name: trial
            spec:
              rules:
                - name: tiny
                  maxSize: 10Mi
                  action: deny
            """;

    @Inject
    ScriptedCheckEngine engine;

    @BeforeEach
    void reset() {
        engine.reset();
    }

    @Test
    void judgesBareImagesInTheGivenNamespace() {
        engine.script(weighed("python:3.12", 900, finding("very-big", Action.WARN, "python:3.12 is very big")));

        given().contentType(ContentType.JSON)
                .body("{\"images\": [\"python:3.12\", \"alpine:3.20\"], \"namespace\": \"shop\"}")
                .when()
                .post("/api/v1/check")
                .then()
                .statusCode(200)
                .body("verdict", equalTo("warn"))
                .body("images", hasSize(2))
                .body("images[0].image", equalTo("python:3.12"))
                .body("images[0].layers", equalTo(2))
                .body("images[0].base", equalTo("alpine 3.20.3"))
                .body("images[0].findings[0].rule", equalTo("very-big"))
                .body("images[0].findings[0].action", equalTo("warn"))
                .body("images[1].verdict", equalTo("allow"))
                .body("images[1].error", nullValue());

        EvaluationRequest request = engine.requests().get(0);
        assertEquals("shop", request.namespace());
        assertNull(request.kind());
        assertNull(request.policies(), "no policy given: the installed ones apply");
        assertEquals(List.of(ImageUse.of("python:3.12"), ImageUse.of("alpine:3.20")), request.images());
    }

    @Test
    void judgesTheImagesOfAnObjectInItsOwnNamespaceAndKind() throws IOException {
        engine.script(weighed("registry.example/shop/api:2.1", 9000, finding("hard-cap", Action.DENY, "too big")));

        given().contentType(ContentType.JSON)
                .body("{\"object\": " + manifestAsJson("check-deployment.json") + "}")
                .when()
                .post("/api/v1/check")
                .then()
                .statusCode(200)
                .body("verdict", equalTo("deny"))
                .body(
                        "images.image",
                        equalTo(List.of("registry.example/shop/migrate:2.1", "registry.example/shop/api:2.1")))
                .body("images[1].usedBy[0].object", equalTo("Deployment/shop/api"))
                .body("images[1].usedBy[0].container", equalTo("api"))
                .body("images[0].usedBy[0].container", equalTo("init:migrate"));

        EvaluationRequest request = engine.requests().get(0);
        assertEquals("shop", request.namespace());
        assertEquals("Deployment", request.kind());
    }

    @Test
    void passesAnInlinePolicyToTheEngineInsteadOfTheInstalledOnes() {
        given().contentType(ContentType.JSON)
                .body("{\"images\": [\"nginx\"], \"policy\": " + quoted(TRIAL_POLICY) + "}")
                .when()
                .post("/api/v1/check")
                .then()
                .statusCode(200);

        List<Policy> tried = engine.requests().get(0).policies().policies();
        assertEquals(List.of("trial"), tried.stream().map(Policy::name).toList());
        assertEquals(10L * 1024 * 1024, tried.get(0).rules().get(0).maxSizeBytes());
    }

    @Test
    void givesTheDeadlineOfAnAdmission() {
        given().contentType(ContentType.JSON)
                .body("{\"images\": [\"nginx\"]}")
                .when()
                .post("/api/v1/check")
                .then()
                .statusCode(200);

        Duration left = engine.timeLeft().get(0);
        assertTrue(
                left.compareTo(Duration.ofSeconds(8)) <= 0 && left.compareTo(Duration.ofSeconds(7)) > 0,
                "weighbridge.admission.deadline defaults to 8s; the engine was given " + left);
    }

    @Test
    void rejectsABodyWithNothingToCheck() {
        badRequest("{\"namespace\": \"shop\"}", "nothing to check: give \"images\" or \"object\"");
        badRequest("{\"images\": []}", "nothing to check");
    }

    @Test
    void rejectsImagesAndAnObjectTogether() {
        badRequest(
                "{\"images\": [\"nginx\"], \"object\": {\"apiVersion\": \"v1\", \"kind\": \"Pod\"}}",
                "give either \"images\" or \"object\", not both");
    }

    @Test
    void rejectsAnObjectOfAKindItDoesNotJudge() {
        badRequest(
                "{\"object\": {\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"settings\"}}}",
                "unsupported object kind ConfigMap: supported kinds are Pod, Deployment");
    }

    @Test
    void rejectsAnObjectWithoutKind() {
        badRequest("{\"object\": {\"metadata\": {\"name\": \"x\"}}}", "object: an object needs apiVersion and kind");
    }

    @Test
    void rejectsANamespaceThatContradictsTheObject() {
        badRequest(
                "{\"namespace\": \"other\", \"object\": {\"apiVersion\": \"v1\", \"kind\": \"Pod\", "
                        + "\"metadata\": {\"name\": \"p\", \"namespace\": \"shop\"}, "
                        + "\"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"nginx\"}]}}}",
                "namespace other was given but Pod/shop/p is in namespace shop");
    }

    @Test
    void rejectsAnInvalidPolicyNamingLineAndField() {
        String broken = TRIAL_POLICY.replace("10Mi", "10MB");
        badRequest(
                "{\"images\": [\"nginx\"], \"policy\": " + quoted(broken) + "}",
                "invalid policy: policy:8: spec.rules[0].maxSize: 10MB is not a Kubernetes quantity");
    }

    @Test
    void rejectsAnInvalidImageReferenceByItsPositionAndBrokenPart() {
        badRequest(
                "{\"images\": [\"nginx:1.27\", \"Nginx:1.27\"]}",
                "images[1]: invalid image reference \"Nginx:1.27\": repository must be lowercase: Nginx");
    }

    @Test
    void rejectsMalformedJsonInOneLine() {
        String reason = given().contentType(ContentType.JSON)
                .body("{\"images\": [")
                .when()
                .post("/api/v1/check")
                .then()
                .statusCode(400)
                .extract()
                .asString();

        assertEquals(1, reason.lines().count(), reason);
        org.hamcrest.MatcherAssert.assertThat(reason, containsString("malformed JSON"));
    }

    private static void badRequest(String body, String reason) {
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/check")
                .then()
                .statusCode(400)
                .contentType(ContentType.TEXT)
                .body(containsString(reason));
    }

    private static String manifestAsJson(String name) throws IOException {
        try (InputStream in = CheckResourceTest.class.getResourceAsStream("/manifests/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
