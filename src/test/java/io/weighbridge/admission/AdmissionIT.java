package io.weighbridge.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.weighbridge.testing.FixtureRegistryMain;
import io.weighbridge.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /validate} end to end: the real engine, the policies of
 * {@code src/test/resources/e2e/policies/}, and images weighed in the real test registry.
 */
@QuarkusTest
class AdmissionIT {

    private final Fixtures fixtures = Fixtures.get();
    private final String registry = fixtures.plainRegistry().hostPort();

    @Test
    void deniesADeploymentWhoseImageIsOverTheHardCapAndTeachesTheRemedy() {
        String big = fixtures.big().reference().toString();
        JsonPath response = validate(AdmissionReviewFixture.create(storefront(big)));

        assertThat(response.getBoolean("response.allowed"), is(false));
        assertThat(response.getInt("response.status.code"), is(403));
        assertThat(
                response.getString("response.status.message"),
                allOf(
                        containsString(big + " (container web)"),
                        containsString(" MiB, above the 5Mi limit of test-limits/hard-cap"),
                        containsString("largest layer"),
                        containsString("RUN apt-get update && apt-get install -y build-essential"),
                        containsString("--no-install-recommends")));
        List<String> warnings = response.getList("response.warnings");
        assertThat(warnings, hasItem(allOf(containsString("test-limits/very-big"), containsString("2Mi"))));
        assertThat(
                warnings,
                hasItem(allOf(containsString("built on debian 12"), containsString("test-limits/prefer-small-base"))));
    }

    @Test
    void allowsADeploymentOfSmallImagesWithoutWarnings() {
        JsonPath response = validate(AdmissionReviewFixture.create(
                storefront(fixtures.small().reference().toString())));

        assertThat(response.getBoolean("response.allowed"), is(true));
        assertThat(response.get("response.warnings"), is(nullValue()));
        assertThat(response.get("response.status"), is(nullValue()));
    }

    @Test
    void allowsABigImageWithAWarningWhereBiggerImagesAreAccepted() {
        ObjectNode deployment = storefront(fixtures.big().reference().toString());
        JsonPath response = validate(AdmissionReviewFixture.create(deployment).namespace("ml-training"));

        assertThat(response.getBoolean("response.allowed"), is(true));
        assertThat(response.getList("response.warnings"), hasItem(containsString("ml-workloads/very-big")));
    }

    @Test
    void warnEnforcementTurnsTheDenialIntoAWarning() {
        JsonPath response = validate(AdmissionReviewFixture.create(
                        storefront(fixtures.big().reference().toString()))
                .namespace("relaxed"));

        assertThat(response.getBoolean("response.allowed"), is(true));
        assertThat(response.getList("response.warnings"), hasItem(containsString("relaxed-rollout/hard-cap")));
    }

    @Test
    void dryRunEnforcementNeitherDeniesNorWarns() {
        JsonPath response = validate(AdmissionReviewFixture.create(
                        storefront(fixtures.big().reference().toString()))
                .namespace("trial"));

        assertThat(response.getBoolean("response.allowed"), is(true));
        assertThat(response.get("response.warnings"), is(nullValue()));
    }

    @Test
    void anImageThatCannotBeWeighedIsWarnedAboutByDefaultAndDeniedWhereThePolicySaysSo() {
        String missing = registry + "/app/missing:1.0";

        JsonPath lenient = validate(AdmissionReviewFixture.create(storefront(missing)));
        JsonPath strict =
                validate(AdmissionReviewFixture.create(storefront(missing)).namespace("strict"));

        assertThat(lenient.getBoolean("response.allowed"), is(true));
        assertThat(
                lenient.getList("response.warnings"),
                hasItem(allOf(containsString(missing), containsString("MANIFEST_UNKNOWN"))));
        assertThat(strict.getBoolean("response.allowed"), is(false));
        assertThat(
                strict.getString("response.status.message"),
                allOf(containsString(missing), containsString("strict-registry")));
    }

    @Test
    void anInvalidImageReferenceIsAnImageThatCannotBeWeighed() {
        JsonPath response = validate(AdmissionReviewFixture.create(storefront("Registry.Example/UPPER:case"))
                .namespace("strict"));

        assertThat(response.getBoolean("response.allowed"), is(false));
        assertThat(
                response.getString("response.status.message"),
                containsString("invalid image reference: repository must be lowercase: UPPER"));
    }

    @Test
    void anUpdateMayKeepAnImageThatPredatesThePolicyButNotIntroduceOne() {
        String big = fixtures.big().reference().toString();
        String small = fixtures.small().reference().toString();
        ObjectNode runningBig = storefront(big);
        ObjectNode scaledBig = storefront(big);
        scaledBig.with("spec").put("replicas", 5);

        JsonPath scaling = validate(AdmissionReviewFixture.update(runningBig, scaledBig));
        JsonPath introducing = validate(AdmissionReviewFixture.update(storefront(small), storefront(big)));

        assertThat(scaling.getBoolean("response.allowed"), is(true));
        assertThat(
                scaling.getList("response.warnings"),
                hasItem(allOf(containsString("test-limits/hard-cap"), containsString("already in use"))));
        assertThat(introducing.getBoolean("response.allowed"), is(false));
    }

    @Test
    void serverSideDryRunsAreJudgedLikeAnyOtherRequest() {
        JsonPath response = validate(AdmissionReviewFixture.create(
                        storefront(fixtures.big().reference().toString()))
                .dryRun());

        assertThat(response.getBoolean("response.allowed"), is(false));
    }

    @Test
    void excludedNamespacesAndImagesAreNotJudged() {
        JsonPath kubeSystem = validate(AdmissionReviewFixture.create(
                        storefront(fixtures.big().reference().toString()))
                .namespace("kube-system"));
        JsonPath excludedImage = validate(AdmissionReviewFixture.create(
                storefront(fixtures.manyLayers().reference().toString())));

        assertThat(kubeSystem.getBoolean("response.allowed"), is(true));
        assertThat(kubeSystem.get("response.warnings"), is(nullValue()));
        assertThat(excludedImage.getBoolean("response.allowed"), is(true));
        assertThat(excludedImage.get("response.warnings"), is(nullValue()));
    }

    @Test
    void aMultiArchImageIsWeighedForLinuxAmd64() {
        // The arm64 image of this index is far over the cap; the nodes here pull amd64.
        JsonPath docker = validate(AdmissionReviewFixture.create(
                storefront(fixtures.multiArch().reference().toString())));
        JsonPath oci = validate(AdmissionReviewFixture.create(
                storefront(fixtures.multiArchOci().reference().toString())));

        assertThat(docker.getBoolean("response.allowed"), is(true));
        assertThat(oci.getBoolean("response.allowed"), is(true));
    }

    @Test
    void aDeploymentPinnedToArm64IsWeighedForArm64AndSaysSo() {
        // The same index as above: its arm64 image is over the cap, and these pods run only on arm64 nodes.
        ObjectNode deployment = storefront(fixtures.multiArch().reference().toString());
        ((ObjectNode) deployment.at("/spec/template/spec"))
                .putObject("nodeSelector")
                .put("kubernetes.io/arch", "arm64");

        JsonPath response = validate(AdmissionReviewFixture.create(deployment));

        assertThat(response.getBoolean("response.allowed"), is(false));
        assertThat(
                response.getString("response.status.message"),
                containsString("(weighed for arm64, pinned by nodeSelector)"));
    }

    @Test
    void aPrivateImageIsWeighedWithTheConfiguredCredentials() {
        JsonPath response = validate(AdmissionReviewFixture.create(
                storefront(fixtures.privateImage().reference().toString())));

        assertThat(response.getBoolean("response.allowed"), is(true));
        assertThat(response.get("response.warnings"), is(nullValue()));
    }

    @Test
    void everyWarningFitsWhatTheApiserverKeeps() {
        JsonPath response = validate(AdmissionReviewFixture.create(
                storefront(fixtures.big().reference().toString())));

        List<String> warnings = response.getList("response.warnings");
        assertThat(warnings, not(empty()));
        assertThat(
                warnings.stream().map(String::length).toList(),
                everyItem(org.hamcrest.Matchers.lessThanOrEqualTo(256)));
        assertThat(warnings.stream().filter(w -> w.contains("\n")).toList(), hasSize(0));
    }

    /**
     * The Quickstart's offline demo: FixtureRegistryMain writes the sample review with its images
     * in the fixture registry; the webhook under the test policies denies it with a 403, its
     * message and warnings, as the README shows.
     */
    @Test
    void theQuickstartsOfflineDemoReviewIsDeniedWithItsMessageAndWarnings() throws Exception {
        String big = fixtures.big().reference().toString();
        String review = java.nio.file.Files.readString(FixtureRegistryMain.writeDemoReview(fixtures));

        JsonPath response = given().contentType(ContentType.JSON)
                .body(review)
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(response.getString("response.uid"), is("705ab4f5-6393-11e8-b7cc-42010a800002"));
        assertThat(response.getBoolean("response.allowed"), is(false));
        assertThat(response.getInt("response.status.code"), is(403));
        assertThat(
                response.getString("response.status.message"),
                containsString(
                        big + " (container init:migrate) is 7.5 MiB, above the 5Mi limit of test-limits/hard-cap"));
        assertThat(response.getList("response.warnings"), hasItem(containsString("test-limits/prefer-small-base")));
    }

    private ObjectNode storefront(String image) {
        return E2eManifests.json("storefront-deployment.yaml", Map.of("image", image, "registry", registry));
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
