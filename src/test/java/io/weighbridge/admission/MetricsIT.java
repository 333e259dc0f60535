package io.weighbridge.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.weighbridge.metrics.Scrape;
import io.weighbridge.testing.Fixtures;
import java.net.URL;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/metrics} after real admissions against the real test registry. Other tests share the
 * application, so every assertion is on the difference between a scrape before and one after.
 */
@QuarkusTest
class MetricsIT {

    /** Its port is the management port (9000 in a cluster), where /q/metrics is served. */
    @TestHTTPResource(value = "/q/metrics", management = true)
    URL metricsUrl;

    static final String ADMISSIONS = "weighbridge_admission_requests_total";
    static final String FINDINGS = "weighbridge_policy_findings_total";
    static final String REGISTRY = "weighbridge_registry_requests_total";

    private final Fixtures fixtures = Fixtures.get();
    private final String registry = fixtures.plainRegistry().hostPort();

    @Test
    void admissionsAreCountedByKindOperationAndVerdictWithTheirFindings() {
        String big = fixtures.big().reference().toString();
        Scrape before = scrape();

        validate(AdmissionReviewFixture.create(
                storefront(fixtures.small().reference().toString())));
        validate(AdmissionReviewFixture.create(storefront(big)).namespace("ml-training"));
        validate(AdmissionReviewFixture.create(storefront(big)));
        validate(AdmissionReviewFixture.create(storefront(big)).namespace("trial"));
        validate(AdmissionReviewFixture.delete(storefront(big)));
        validate(AdmissionReviewFixture.create("configmap.yaml"));

        Scrape after = scrape();
        keepForTheRecord(after);
        assertThat(
                delta(before, after, ADMISSIONS, "kind", "Deployment", "operation", "CREATE", "verdict", "allow"),
                is(2.0));
        assertThat(
                delta(before, after, ADMISSIONS, "kind", "Deployment", "operation", "CREATE", "verdict", "warn"),
                is(1.0));
        assertThat(
                delta(before, after, ADMISSIONS, "kind", "Deployment", "operation", "CREATE", "verdict", "deny"),
                is(1.0));
        assertThat(
                delta(before, after, ADMISSIONS, "kind", "Deployment", "operation", "DELETE", "verdict", "allow"),
                is(1.0));
        // A kind the webhook does not judge is counted, under a bounded label.
        assertThat(
                delta(before, after, ADMISSIONS, "kind", "other", "operation", "CREATE", "verdict", "allow"), is(1.0));
        // No namespace label unless an admin opts in.
        assertThat(
                after.named(ADMISSIONS).stream().map(s -> s.labels().keySet()).collect(Collectors.toSet()),
                is(Set.of(Set.of("kind", "operation", "verdict"))));

        assertThat(
                delta(before, after, FINDINGS, "policy", "test-limits", "rule", "hard-cap", "action", "deny"), is(1.0));
        assertThat(
                delta(before, after, FINDINGS, "policy", "test-limits", "rule", "very-big", "action", "warn"), is(1.0));
        assertThat(
                delta(before, after, FINDINGS, "policy", "ml-workloads", "rule", "very-big", "action", "warn"),
                is(1.0));
        assertThat(
                delta(before, after, FINDINGS, "policy", "trial-run", "rule", "hard-cap", "action", "dryrun"), is(1.0));

        // Six answers timed; four Deployments judged, each with its web image and the app/static sidecar
        // (the DELETE and the ConfigMap weigh nothing).
        assertThat(delta(before, after, "weighbridge_admission_duration_seconds_count"), is(6.0));
        assertThat(delta(before, after, "weighbridge_image_size_bytes_count"), is(8.0));
        assertThat(
                delta(before, after, "weighbridge_image_size_bytes_sum"),
                closeTo(
                        fixtures.small().sizeBytes()
                                + 3.0 * fixtures.big().sizeBytes()
                                + 4.0 * fixtures.scratchImage().sizeBytes(),
                        0.5));
    }

    @Test
    void histogramsHaveBucketsAroundTheApiserverTimeoutAndImageSizesInPowersOfTwo() {
        validate(AdmissionReviewFixture.create(
                storefront(fixtures.small().reference().toString())));
        Scrape scrape = scrape();

        Set<String> latency = les(scrape, "weighbridge_admission_duration_seconds_bucket");
        for (String le :
                new String[] {"0.05", "0.1", "0.25", "0.5", "1.0", "2.0", "4.0", "6.0", "8.0", "10.0", "+Inf"}) {
            assertThat(latency, hasItem(le));
        }
        Set<Double> sizes = les(scrape, "weighbridge_image_size_bytes_bucket").stream()
                .filter(le -> !le.equals("+Inf"))
                .map(Double::parseDouble)
                .collect(Collectors.toSet());
        for (long bytes = 16L << 20; bytes <= 16L << 30; bytes <<= 1) {
            assertThat(sizes, hasItem((double) bytes));
        }
        // The small fixture lies under the first bucket: every bucket counts it.
        assertThat(scrape.value("weighbridge_image_size_bytes_bucket", "le", "+Inf"), greaterThanOrEqualTo(1.0));
        assertThat(les(scrape, "weighbridge_registry_request_duration_seconds_bucket"), hasItem("10.0"));
    }

    @Test
    void registryRequestsAreCountedByRegistryAndOutcome() {
        String missing = registry + "/app/metrics-missing-" + UUID.randomUUID() + ":1";
        String fresh = fixtures.multiArmBig().reference().toString();
        Scrape before = scrape();

        validate(AdmissionReviewFixture.create(storefront(missing)).namespace("strict"));
        validate(AdmissionReviewFixture.create(storefront(fresh)).namespace("relaxed"));

        Scrape after = scrape();
        assertThat(
                delta(before, after, REGISTRY, "registry", registry, "outcome", "http_4xx"), greaterThanOrEqualTo(1.0));
        assertThat(after.value(REGISTRY, "registry", registry, "outcome", "ok"), greaterThan(0.0));
        assertThat(
                after.sum("weighbridge_registry_request_duration_seconds_count", "registry", registry),
                is(after.sum(REGISTRY, "registry", registry)));
        assertThat(
                delta(before, after, FINDINGS, "policy", "strict-registry", "rule", "registry-error", "action", "deny"),
                is(1.0));
    }

    @Test
    void cachesReportHitsMissesSizeAndEvictions() {
        String small = fixtures.small().reference().toString();
        validate(AdmissionReviewFixture.create(storefront(small)));
        Scrape before = scrape();
        validate(AdmissionReviewFixture.create(storefront(small)));
        Scrape after = scrape();

        for (String cache : new String[] {"tags", "weights", "failures"}) {
            assertThat(
                    cache,
                    after.named("weighbridge_cache_size").stream()
                            .map(s -> s.labels().get("cache"))
                            .toList(),
                    hasItem(cache));
            assertThat(
                    cache,
                    after.named("weighbridge_cache_misses_total").stream()
                            .map(s -> s.labels().get("cache"))
                            .toList(),
                    hasItem(cache));
            assertThat(
                    cache,
                    after.named("weighbridge_cache_evictions_total").stream()
                            .map(s -> s.labels().get("cache"))
                            .toList(),
                    hasItem(cache));
        }
        // The second admission of the same image is served by the tag and weight caches.
        assertThat(delta(before, after, "weighbridge_cache_hits_total", "cache", "tags"), greaterThanOrEqualTo(1.0));
        assertThat(delta(before, after, "weighbridge_cache_hits_total", "cache", "weights"), greaterThanOrEqualTo(1.0));
        assertThat(after.value("weighbridge_cache_size", "cache", "weights"), greaterThanOrEqualTo(1.0));
    }

    @Test
    void policyLoadsAreCountedWithTheTimeOfTheLastGoodOne() {
        Scrape scrape = scrape();

        assertThat(scrape.value("weighbridge_policy_reloads_total", "result", "success"), greaterThanOrEqualTo(1.0));
        assertThat(
                scrape.named("weighbridge_policy_reloads_total").stream()
                        .map(s -> s.labels().get("result"))
                        .toList(),
                hasItem("failure"));
        double lastLoad = scrape.value("weighbridge_policy_last_load_timestamp_seconds");
        assertThat(lastLoad, greaterThan(System.currentTimeMillis() / 1000.0 - 24 * 3600));
        assertThat(lastLoad, lessThanOrEqualTo(System.currentTimeMillis() / 1000.0 + 1));
    }

    @Test
    void dryRunsThroughTheCheckApiAreNoAdmissions() {
        String big = fixtures.big().reference().toString();
        Scrape before = scrape();

        given().contentType(ContentType.JSON)
                .body(Map.of("images", java.util.List.of(big), "namespace", "shop"))
                .when()
                .post("/api/v1/check")
                .then()
                .statusCode(200);

        Scrape after = scrape();
        assertThat(after.sum(ADMISSIONS), is(before.sum(ADMISSIONS)));
        assertThat(
                after.sum("weighbridge_admission_duration_seconds_count"),
                is(before.sum("weighbridge_admission_duration_seconds_count")));
        assertThat(after.sum(FINDINGS), is(before.sum(FINDINGS)));
        assertThat(
                after.sum("weighbridge_image_size_bytes_count"), is(before.sum("weighbridge_image_size_bytes_count")));
    }

    @Test
    void imageNamesNeverBecomeLabels() {
        validate(AdmissionReviewFixture.create(
                storefront(fixtures.big().reference().toString())));
        String text = scrape().text();
        assertThat(
                text.lines()
                        .filter(l -> l.startsWith("weighbridge_"))
                        .filter(l -> l.contains("/app/"))
                        .toList(),
                is(java.util.List.of()));
        assertThat(text, not(org.hamcrest.Matchers.containsString("namespace=\"shop\"")));
    }

    /** The weighbridge lines of a scrape, in target/, to show what an admin sees. */
    private static void keepForTheRecord(Scrape scrape) {
        try {
            java.nio.file.Files.writeString(
                    java.nio.file.Path.of("target", "metrics-scrape.txt"), scrape.lines("weighbridge_"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Scrape scrape() {
        return Scrape.parse(given().port(metricsUrl.getPort())
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static Set<String> les(Scrape scrape, String bucket) {
        return scrape.named(bucket).stream().map(s -> s.labels().get("le")).collect(Collectors.toSet());
    }

    private ObjectNode storefront(String image) {
        return E2eManifests.json("storefront-deployment.yaml", Map.of("image", image, "registry", registry));
    }

    private static void validate(AdmissionReviewFixture review) {
        given().contentType(ContentType.JSON)
                .body(review.json())
                .when()
                .post("/validate")
                .then()
                .statusCode(200);
    }
}
