package io.weighbridge.admission;

import static io.restassured.RestAssured.given;
import static io.weighbridge.admission.ScriptedPolicyEngine.deny;
import static io.weighbridge.admission.ScriptedPolicyEngine.dryRun;
import static io.weighbridge.admission.ScriptedPolicyEngine.warn;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.ImageUse;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@TestProfile(ScriptedEngineProfile.class)
class ValidateResourceTest {

    static final String STOREFRONT = "ghcr.io/acme/storefront:1.8.0";
    static final String MIGRATIONS = "ghcr.io/acme/storefront-migrations:1.8.0";
    static final String TOO_BIG = "image " + STOREFRONT + " (container web) weighs 6.2 GiB compressed, above the"
            + " 5 GiB limit of rule hard-cap in policy cluster-defaults: start from a smaller base (alpine,"
            + " distroless) and build in stages so compilers stay out of the final image";
    static final String MIGRATIONS_TOO_BIG = "image " + MIGRATIONS + " (container init:migrate) weighs 5.4 GiB"
            + " compressed, above the 5 GiB limit of rule hard-cap in policy cluster-defaults: keep data out of"
            + " the image and remove package caches in the layer that creates them";
    static final String VERY_BIG = "image " + STOREFRONT + " (container web) weighs 1.3 GiB compressed, above"
            + " the 1 GiB of rule very-big in policy cluster-defaults: use apk add --no-cache and a multi-stage build";

    @Inject
    ScriptedPolicyEngine engine;

    @BeforeEach
    void resetEngine() {
        engine.reset();
    }

    @Test
    void echoesTheUidAndApiVersionOfTheRequest() {
        AdmissionReviewFixture review = AdmissionReviewFixture.create("deployment.yaml");
        post(review.json())
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("apiVersion", equalTo("admission.k8s.io/v1"))
                .body("kind", equalTo("AdmissionReview"))
                .body("response.uid", equalTo(review.uid()))
                .body("response.allowed", equalTo(true))
                .body("response.status", nullValue());
    }

    @Test
    void echoesAV1beta1ApiVersion() {
        ObjectNode review = AdmissionReviewFixture.create("deployment.yaml").review();
        review.put("apiVersion", "admission.k8s.io/v1beta1");
        post(review.toString()).statusCode(200).body("apiVersion", equalTo("admission.k8s.io/v1beta1"));
    }

    @Test
    void deniesWith403AndOneLinePerDenyFinding() {
        engine.script(STOREFRONT, deny("hard-cap", TOO_BIG));
        engine.script(MIGRATIONS, deny("hard-cap", MIGRATIONS_TOO_BIG));
        post(AdmissionReviewFixture.create("deployment.yaml").json())
                .statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(403))
                .body("response.status.reason", equalTo("Forbidden"))
                .body("response.status.message", equalTo(MIGRATIONS_TOO_BIG + "\n" + TOO_BIG));
    }

    @Test
    void putsEachWarningInResponseWarningsOnce() {
        engine.script(
                STOREFRONT,
                warn("very-big", VERY_BIG),
                warn(
                        "prefer-alpine",
                        "image " + STOREFRONT
                                + " is based on debian, not on a preferred base (alpine): rebuild FROM alpine"));
        engine.script(MIGRATIONS, warn("very-big", VERY_BIG));
        post(AdmissionReviewFixture.create("deployment.yaml").json())
                .body("response.allowed", equalTo(true))
                .body("response.status", nullValue())
                .body(
                        "response.warnings",
                        contains(
                                VERY_BIG,
                                "image " + STOREFRONT
                                        + " is based on debian, not on a preferred base (alpine): rebuild FROM alpine"));
    }

    @Test
    void keepsDryRunFindingsOutOfWarnings() {
        engine.script(STOREFRONT, dryRun("tight-cap", "image " + STOREFRONT + " weighs 1.3 GiB, above 500 MiB"));
        post(AdmissionReviewFixture.create("deployment.yaml").json())
                .body("response.allowed", equalTo(true))
                .body("response.warnings", nullValue());
    }

    @Test
    void cutsWarningsTo256Characters() {
        engine.script(STOREFRONT, warn("very-big", VERY_BIG + " ".repeat(3) + "x".repeat(300)));
        String warning = post(AdmissionReviewFixture.create("deployment.yaml").json())
                .extract()
                .path("response.warnings[0]");
        assertEquals(256, warning.length());
        assertTrue(warning.endsWith("…"));
    }

    @Test
    void deniesAndWarnsInOneResponse() {
        engine.script(STOREFRONT, deny("hard-cap", TOO_BIG));
        engine.script(
                "prom/statsd-exporter:v0.26.1",
                warn(
                        "layer-count",
                        "image prom/statsd-exporter:v0.26.1 has 52"
                                + " layers, above 40 of rule layer-count in policy cluster-defaults: join RUN steps"));
        post(AdmissionReviewFixture.create("deployment.yaml").json())
                .body("response.allowed", equalTo(false))
                .body("response.status.message", equalTo(TOO_BIG))
                .body("response.warnings", hasSize(1));
    }

    @Test
    void allowsDeleteWithoutAskingTheEngine() {
        AdmissionReviewFixture review = AdmissionReviewFixture.delete("deployment.yaml");
        post(review.json()).body("response.allowed", equalTo(true)).body("response.uid", equalTo(review.uid()));
        assertEquals(List.of(), engine.requests());
    }

    @Test
    void allowsConnectWithoutAskingTheEngine() {
        post(AdmissionReviewFixture.connectExec("0b6f3f0e-2a55-4a8e-9a7c-6b0f1c2d3e4f"))
                .body("response.allowed", equalTo(true))
                .body("response.uid", equalTo("0b6f3f0e-2a55-4a8e-9a7c-6b0f1c2d3e4f"));
        assertEquals(List.of(), engine.requests());
    }

    @ParameterizedTest
    @ValueSource(strings = {"configmap.yaml"})
    void allowsKindsItDoesNotJudgeWithoutAskingTheEngine(String manifest) {
        post(AdmissionReviewFixture.create(manifest).json()).body("response.allowed", equalTo(true));
        assertEquals(List.of(), engine.requests());
    }

    @Test
    void allowsAnObjectBeingDeletedSoItsFinalizersCanFinish() {
        ObjectNode old = Manifests.json("deployment.yaml");
        ObjectNode deleting = Manifests.json("deployment.yaml");
        ((ObjectNode) deleting.get("metadata"))
                .put("deletionTimestamp", "2026-11-23T10:00:00Z")
                .putArray("finalizers");
        engine.script(STOREFRONT, deny("hard-cap", TOO_BIG));
        post(AdmissionReviewFixture.update(old, deleting).json()).body("response.allowed", equalTo(true));
        assertEquals(List.of(), engine.requests());
    }

    @Test
    void marksImagesAlreadyInTheOldObjectAsPreexistingOnUpdate() {
        ObjectNode old = Manifests.json("deployment.yaml");
        ObjectNode updated = Manifests.json("deployment.yaml");
        ((ObjectNode) updated.at("/spec/template/spec/containers/0")).put("image", "ghcr.io/acme/storefront:1.9.0");
        // Moved to another container: the same image string still counts as already there.
        ((ObjectNode) updated.at("/spec/template/spec/initContainers/0")).put("image", "prom/statsd-exporter:v0.26.1");
        post(AdmissionReviewFixture.update(old, updated).json()).statusCode(200);
        // Each container also names the image it ran before, when that was another one (maxGrowth judges the growth).
        assertEquals(
                List.of(
                        new ImageUse("prom/statsd-exporter:v0.26.1", "init:migrate", true)
                                .replacing("ghcr.io/acme/storefront-migrations:1.8.0"),
                        new ImageUse("ghcr.io/acme/storefront:1.9.0", "web", false)
                                .replacing("ghcr.io/acme/storefront:1.8.0"),
                        new ImageUse("prom/statsd-exporter:v0.26.1", "metrics", true)),
                onlyRequest().images());
    }

    @Test
    void marksNothingPreexistingOnCreate() {
        post(AdmissionReviewFixture.create("deployment.yaml").json()).statusCode(200);
        assertFalse(onlyRequest().images().stream().anyMatch(ImageUse::preexisting));
    }

    @Test
    void judgesDryRunRequestsLikeAnyOther() {
        engine.script(STOREFRONT, deny("hard-cap", TOO_BIG));
        post(AdmissionReviewFixture.create("deployment.yaml").dryRun().json())
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(403));
    }

    static List<SampleWorkloads.Sample> samples() {
        return SampleWorkloads.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void asksTheEngineAboutEveryImageOfEachJudgedKind(SampleWorkloads.Sample sample) {
        post(AdmissionReviewFixture.create(sample.manifest()).json()).body("response.allowed", equalTo(true));
        EvaluationRequest request = onlyRequest();
        assertEquals(sample.kind(), request.kind());
        assertEquals(Manifests.json(sample.manifest()).at("/metadata/namespace").asText(), request.namespace());
        assertEquals(
                sample.images().stream()
                        .map(c -> new ImageUse(c.image(), c.container(), false))
                        .toList(),
                request.images());
        assertEquals(null, request.policies());
    }

    @Test
    void takesTheNamespaceFromTheObjectWhenTheRequestHasNone() {
        post(AdmissionReviewFixture.create("daemonset.yaml").namespace(null).json())
                .statusCode(200);
        assertEquals("monitoring", onlyRequest().namespace());
    }

    @Test
    void givesTheEngineADeadlineWithinTheAdmissionDeadline() {
        post(AdmissionReviewFixture.create("job.yaml").json()).statusCode(200);
        long left = engine.timeLeft().get(0).toMillis();
        // 8 s, less the margin kept to render the answer, less the time the review took to read.
        assertTrue(
                left > 7_000 && left <= 8_000 - ValidateResource.RENDERING_MARGIN.toMillis(),
                "the engine was given " + left + " ms");
    }

    @Test
    void asksTheEngineToJudgeADeploymentItCannotReadAsImagesThatCannotBeWeighed() {
        ObjectNode broken = Manifests.json("deployment.yaml");
        ((ObjectNode) broken.at("/spec/template/spec")).put("containers", "ghcr.io/acme/storefront:1.8.0");
        AdmissionReviewFixture review = AdmissionReviewFixture.create(broken);

        post(review.json()).statusCode(200).body("response.uid", equalTo(review.uid()));

        assertEquals(
                List.of(
                        new ImageUse(
                                "the images of Deployment shop/storefront",
                                null,
                                false,
                                "weighbridge cannot read this Deployment: spec.template.spec.containers is a string, not a list")),
                onlyRequest().images());
        assertEquals("Deployment", onlyRequest().kind());
        assertEquals("shop", onlyRequest().namespace());
    }

    @Test
    void judgesADeploymentWhoseFieldsOutsideThePodSpecItCannotParse() {
        ObjectNode odd = Manifests.json("deployment.yaml");
        ((ObjectNode) odd.get("spec")).put("replicas", "three");

        post(AdmissionReviewFixture.create(odd).json()).statusCode(200);

        assertEquals(3, onlyRequest().images().size());
    }

    @Test
    void allowsAnObjectWithoutItsPodSpecAndSaysItsImagesWereNotJudged() {
        ObjectNode draft = Manifests.json("deployment.yaml");
        ((ObjectNode) draft.get("spec")).remove("template");

        post(AdmissionReviewFixture.create(draft).json())
                .body("response.allowed", equalTo(true))
                .body(
                        "response.warnings",
                        contains(
                                "weighbridge found no pod spec at spec.template.spec in this Deployment: its images were not judged"));
        assertEquals(List.of(), engine.requests());
    }

    /** Found by the long review fuzz run: the warning echoed the request's kind, invisible characters and all. */
    @Test
    void namesTheKindFromItsTableNotTheTextTheRequestSent() {
        ObjectNode draft = Manifests.json("deployment.yaml");
        ((ObjectNode) draft.get("spec")).remove("template");
        ObjectNode review = AdmissionReviewFixture.create(draft).review();
        ((ObjectNode) review.at("/request/kind")).put("kind", "Deployment\u0881");

        post(review.toString())
                .body("response.allowed", equalTo(true))
                .body(
                        "response.warnings",
                        contains(
                                "weighbridge found no pod spec at spec.template.spec in this Deployment: its images were not judged"));
    }

    @Test
    void allowsDeletingADeploymentItCannotRead() {
        ObjectNode broken = Manifests.json("deployment.yaml");
        ((ObjectNode) broken.at("/spec/template")).put("spec", "broken");
        post(AdmissionReviewFixture.delete(broken).json()).body("response.allowed", equalTo(true));
    }

    @Test
    void allowsAnObjectOfAKindItDoesNotJudgeEvenWhenItCannotReadItTyped() {
        ObjectNode odd = Manifests.json("configmap.yaml");
        odd.putObject("data").putObject("nested").put("not", "a string");
        post(AdmissionReviewFixture.create(odd).json()).body("response.allowed", equalTo(true));
    }

    @Test
    void allowsWithAWarningWhenTheEngineThrows() {
        engine.behave(ScriptedPolicyEngine.Behaviour.THROW);
        AdmissionReviewFixture review = AdmissionReviewFixture.create("deployment.yaml");
        post(review.json())
                .body("response.allowed", equalTo(true))
                .body("response.warnings[0]", containsString(review.uid()));
    }

    @Test
    void allowsWithAWarningWhenTheEngineFails() {
        engine.behave(ScriptedPolicyEngine.Behaviour.FAIL);
        post(AdmissionReviewFixture.create("statefulset.yaml").json())
                .body("response.allowed", equalTo(true))
                .body(
                        "response.warnings[0]",
                        containsString("weighbridge failed to judge the images of this StatefulSet"));
    }

    private EvaluationRequest onlyRequest() {
        List<EvaluationRequest> requests = engine.requests();
        assertEquals(1, requests.size(), "engine requests");
        return requests.get(0);
    }

    static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/validate")
                .then();
    }
}
