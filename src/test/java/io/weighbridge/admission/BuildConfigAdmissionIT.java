package io.weighbridge.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.weighbridge.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BuildConfigs through {@code POST /validate}: bases weighed in the real test registry, inline
 * Dockerfiles linted, by the policies of {@code src/test/resources/e2e/policies/}.
 */
@QuarkusTest
class BuildConfigAdmissionIT {
    private final String registry = Fixtures.get().plainRegistry().hostPort();

    @Test
    void aBuildOnAnOversizedBaseIsDeniedBecauseItCouldOnlyProduceSomethingBigger() {
        JsonPath response = validate("big-base-git.yaml");

        String message = response.getString("response.status.message");
        System.out.println("denial: " + message);
        assertThat(response.getBoolean("response.allowed"), is(false));
        assertThat(response.getInt("response.status.code"), is(403));
        assertThat(
                message,
                allOf(
                        containsString("build base " + registry + "/app/big:1.0 (dockerStrategy.from)"),
                        containsString("above the 5Mi limit of test-limits/hard-cap"),
                        containsString("the build could only produce something bigger")));
    }

    @Test
    void aBuildArgumentNamingTheOversizedBaseDeniesThoughTheArgDefaultIsSmall() {
        JsonPath response = validate("buildargs-big-base.yaml");

        String message = response.getString("response.status.message");
        assertThat(response.getBoolean("response.allowed"), is(false));
        assertThat(
                message,
                allOf(
                        containsString("build base " + registry + "/app/big:1.0 (Dockerfile FROM line 2)"),
                        containsString("above the 5Mi limit of test-limits/hard-cap")));
    }

    @Test
    void aBuildArgumentNamingTheSmallBaseAllowsThoughTheArgDefaultIsOversized() {
        JsonPath response = validate("buildargs-small-base.yaml");

        assertThat(response.getBoolean("response.allowed"), is(true));
        assertThat(response.get("response.warnings"), is(nullValue()));
    }

    @Test
    void aBuildArgumentFromValueFromIsNotGuessedButSaidToBeUnknown() {
        JsonPath response = validate("buildargs-valuefrom.yaml");

        List<String> warnings = response.getList("response.warnings");
        System.out.println("valueFrom warning: " + warnings);
        assertThat(response.getBoolean("response.allowed"), is(true));
        assertThat(
                warnings,
                hasItem(allOf(
                        containsString("could not weigh build base ${BASE} (Dockerfile FROM line 2)"),
                        containsString(
                                "dockerStrategy.buildArgs BASE set by valueFrom, not known before the build runs"),
                        containsString("test-limits says warn when an image cannot be weighed"))));
    }

    @Test
    void theNaiveInlineDockerfileGetsItsLintWarnings() {
        JsonPath response = validate("naive-inline.yaml");

        List<String> warnings = response.getList("response.warnings");
        warnings.forEach(w -> System.out.println("naive warning: " + w));
        assertThat(response.getBoolean("response.allowed"), is(true));
        assertThat(warnings, hasItem(allOf(containsString("line 6"), containsString("test-limits/apk-no-cache"))));
        assertThat(warnings, hasItem(containsString("test-limits/apk-build-deps-kept")));
        assertThat(warnings, hasItem(containsString("test-limits/pip-cache")));
        assertThat(warnings, hasItem(containsString("test-limits/removed-in-later-layer")));
        assertThat(warnings, hasItem(containsString("test-limits/consecutive-runs")));
    }

    @Test
    void theFixedInlineDockerfileGetsNoWarnings() {
        JsonPath response = validate("fixed-inline.yaml");

        assertThat(response.getBoolean("response.allowed"), is(true));
        assertThat(response.get("response.warnings"), is(nullValue()));
    }

    @Test
    void theCheckEndpointJudgesABuildConfigLikeTheWebhook() {
        ObjectNode body = new YAMLMapper().createObjectNode();
        body.set("object", buildConfig("naive-inline.yaml"));
        JsonPath report = given().contentType(ContentType.JSON)
                .body(body.toString())
                .when()
                .post("/api/v1/check")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(report.getString("verdict"), is("warn"));
        assertThat(report.getList("dockerfile.rule"), hasItem("apk-no-cache"));
        assertThat(report.getString("images[0].image"), is(registry + "/base/alpine:3.20.3"));
        assertThat(report.getString("images[0].usedBy[0].object"), is("BuildConfig/shop/catalog"));
        assertThat(report.getString("images[0].usedBy[0].buildBase"), is("Dockerfile FROM line 2"));
        assertThat(report.get("images[0].usedBy[0].container"), is(nullValue()));
    }

    private JsonPath validate(String file) {
        return given().contentType(ContentType.JSON)
                .body(AdmissionReviewFixture.create(buildConfig(file)).review().toString())
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private ObjectNode buildConfig(String file) {
        try (InputStream in = getClass().getResourceAsStream("/buildconfigs/" + file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${registry}", registry);
            return (ObjectNode) new YAMLMapper().readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
