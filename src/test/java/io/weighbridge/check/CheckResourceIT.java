package io.weighbridge.check;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.PushedImage;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/check} against the real engine and the fixture registries, under the test
 * policies ({@code src/test/resources/e2e/policies/test-limits.yaml}).
 */
@QuarkusTest
class CheckResourceIT {

    /** Its port is the management port (9000 in a cluster), where /q/metrics is served. */
    @TestHTTPResource(value = "/q/metrics", management = true)
    URL metricsUrl;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Fixtures fixtures = Fixtures.get();

    @Test
    void checkOfImagesAnswersTheDocumentWithTheRegistrysDigestsSizesAndPlatforms() throws Exception {
        PushedImage small = fixtures.small();
        PushedImage big = fixtures.big();
        PushedImage multi = fixtures.multiArch();

        JsonNode report = check(body("shop", small, big, multi));

        assertEquals("deny", report.path("verdict").asText(), report.toPrettyString());
        assertEquals(3, report.path("images").size(), report.toPrettyString());
        assertWeighed(report.path("images").get(0), small, "alpine 3.20.3", "allow");
        assertWeighed(report.path("images").get(1), big, "debian 12", "deny");
        assertWeighed(report.path("images").get(2), multi, "alpine 3.20.3", "allow");
        List<String> bigFindings = new ArrayList<>();
        report.at("/images/1/findings")
                .forEach(f -> bigFindings.add(f.path("policy").asText() + "/"
                        + f.path("rule").asText() + " " + f.path("action").asText()));
        assertEquals(
                List.of("test-limits/hard-cap deny", "test-limits/very-big warn", "test-limits/prefer-small-base warn"),
                bigFindings,
                report.toPrettyString());
        String hardCap = report.at("/images/1/findings/0/message").asText();
        assertTrue(
                hardCap.startsWith(big.reference() + " is 7.5 MiB, above the 5Mi limit of test-limits/hard-cap; "),
                hardCap);
    }

    @Test
    void checkOfAnObjectWithAnInvalidReferenceNamesTheBrokenPartInOneLine() throws Exception {
        // Bare images that are not references are a 400 (CheckResourceTest); an object's are judged as admission judges
        // them.
        JsonNode report =
                check("{\"object\": {\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"web\","
                        + " \"namespace\": \"shop\"}, \"spec\": {\"containers\": [{\"name\": \"a\", \"image\": \"Nginx:1.27-alpine\"},"
                        + " {\"name\": \"b\", \"image\": \"127.0.0.1:99999/app:1\"}]}}}");

        assertEquals(
                "invalid image reference \"Nginx:1.27-alpine\": repository must be lowercase: Nginx",
                report.at("/images/0/error").asText(),
                report.toPrettyString());
        assertEquals(
                "invalid image reference \"127.0.0.1:99999/app:1\": port must be a number from 1 to 65535: 99999",
                report.at("/images/1/error").asText(),
                report.toPrettyString());
        assertTrue(
                report.at("/images/1/findings/0/message")
                        .asText()
                        .startsWith(
                                "could not weigh 127.0.0.1:99999/app:1 (container b): invalid image reference: port must be a number from 1 to 65535: 99999; "),
                report.toPrettyString());
    }

    @Test
    void checkOfTheMultiArchIndexAnswersTheIndexDigestAndWeighsLinuxAmd64() throws Exception {
        PushedImage index = fixtures.multiArchOci();
        PushedImage amd64 = fixtures.platformManifest(index, "linux/amd64");

        JsonNode entry = check(body("shop", index)).at("/images/0");

        assertEquals(index.digest(), entry.path("digest").asText(), entry.toPrettyString());
        assertEquals("linux/amd64", entry.path("platform").asText(), entry.toPrettyString());
        assertEquals(amd64.sizeBytes(), entry.path("sizeBytes").asLong(), entry.toPrettyString());
        assertEquals(amd64.layerCount(), entry.path("layers").asInt(), entry.toPrettyString());
    }

    @Test
    void checkOfAnObjectJudgesItsImagesInItsNamespaceAndSaysWhoUsesThem() throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.set("object", JSON.readTree("""
                {"apiVersion": "batch/v1", "kind": "Job",
                 "metadata": {"name": "train", "namespace": "ml-training"},
                 "spec": {"template": {"spec": {"restartPolicy": "Never",
                   "initContainers": [{"name": "fetch", "image": "%s"}],
                   "containers": [{"name": "train", "image": "%s"}]}}}}
                """.formatted(
                        fixtures.small().reference(), fixtures.big().reference())));

        JsonNode report = check(request.toString());

        assertEquals("warn", report.path("verdict").asText(), report.toPrettyString());
        assertEquals("allow", report.at("/images/0/verdict").asText(), report.toPrettyString());
        assertEquals(
                "Job/ml-training/train", report.at("/images/1/usedBy/0/object").asText(), report.toPrettyString());
        assertEquals("train", report.at("/images/1/usedBy/0/container").asText(), report.toPrettyString());
        assertEquals("ml-workloads", report.at("/images/1/findings/0/policy").asText(), report.toPrettyString());
        assertEquals("very-big", report.at("/images/1/findings/0/rule").asText(), report.toPrettyString());
        assertEquals(
                1, report.at("/images/1/findings").size(), "test-limits excludes ml-*: " + report.toPrettyString());
    }

    @Test
    void checkWithAnInlinePolicyJudgesByItInsteadOfTheInstalledOnes() throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.putArray("images").add(fixtures.small().reference().toString());
        request.put("policy", """
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: tried
                spec:
                  rules:
                    - name: one-mebibyte
                      maxSize: 1Mi
                      action: deny
                """);

        JsonNode report = check(request.toString());

        assertEquals("deny", report.path("verdict").asText(), report.toPrettyString());
        assertEquals(1, report.at("/images/0/findings").size(), report.toPrettyString());
        assertEquals("tried", report.at("/images/0/findings/0/policy").asText(), report.toPrettyString());
        assertTrue(
                report.at("/images/0/findings/0/message")
                        .asText()
                        .contains("is 1.2 MiB, above the 1Mi limit of tried/one-mebibyte"),
                report.toPrettyString());
    }

    @Test
    void checkRecordsNothingAsAnAdmission() throws Exception {
        Logger decisions = Logger.getLogger("io.weighbridge.admission.DecisionLog");
        List<String> recorded = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                recorded.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        long admissionsBefore = admissionsCounted();
        decisions.addHandler(handler);
        try {
            JsonNode report = check(body("shop", fixtures.big()));
            assertEquals("deny", report.path("verdict").asText(), report.toPrettyString());
        } finally {
            decisions.removeHandler(handler);
        }

        assertEquals(List.of(), recorded);
        assertEquals(admissionsBefore, admissionsCounted());
    }

    /** Every admission counted so far, over all label values (other tests admit in this app too). */
    private long admissionsCounted() {
        return given().port(metricsUrl.getPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith("weighbridge_admission_requests_total{"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String body(String namespace, PushedImage... images) {
        ObjectNode body = JSON.createObjectNode();
        for (PushedImage image : images) {
            body.withArray("images").add(image.reference().toString());
        }
        body.put("namespace", namespace);
        return body.toString();
    }

    private static JsonNode check(String body) throws Exception {
        String answer = given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/check")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .asString();
        return JSON.readTree(answer);
    }

    static void assertWeighed(JsonNode entry, PushedImage pushed, String base, String verdict) {
        assertAll(
                pushed.reference() + " in " + entry.toPrettyString(),
                () -> assertEquals(
                        pushed.reference().toString(), entry.path("image").asText()),
                () -> assertEquals(pushed.digest(), entry.path("digest").asText()),
                () -> assertEquals(pushed.platform(), entry.path("platform").asText()),
                () -> assertEquals(pushed.sizeBytes(), entry.path("sizeBytes").asLong()),
                () -> assertEquals(pushed.layerCount(), entry.path("layers").asInt()),
                () -> assertEquals(
                        pushed.largestLayerBytes(),
                        entry.path("largestLayerBytes").asLong()),
                () -> assertEquals(base, entry.path("base").asText()),
                () -> assertTrue(entry.path("findings").isArray()),
                () -> assertEquals(verdict, entry.path("verdict").asText()));
    }
}
