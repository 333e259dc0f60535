package io.weighbridge.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;
import io.weighbridge.audit.AuditReport.AuditImage;
import io.weighbridge.audit.AuditReport.ImageWorkload;
import io.weighbridge.audit.AuditReport.Violation;
import io.weighbridge.cli.CdiCommandFactory;
import io.weighbridge.cli.WeighbridgeCommand;
import io.weighbridge.leadership.Leadership;
import io.weighbridge.leadership.LeaseLeadership;
import io.weighbridge.policy.Action;
import io.weighbridge.testing.CountingWeigher;
import io.weighbridge.testing.MockAuthApi;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The audit against the fabric8 mock server (CRUD) holding {@link MockCluster}, images weighed in
 * the real test registry under the policies of {@code src/test/resources/e2e/policies}.
 */
@QuarkusTest
@TestProfile(AuditProfile.class)
@WithKubernetesTestServer(setup = MockCluster.class)
class ClusterAuditTest {

    /** Its port is the management port (9000 in a cluster), where /q/metrics is served. */
    @TestHTTPResource(value = "/q/metrics", management = true)
    URL metricsUrl;

    @Inject
    ClusterAudit audit;

    @Inject
    KubernetesClient client;

    @Inject
    CdiCommandFactory factory;

    @Inject
    ObjectMapper json;

    @Test
    void reportsEachWorkloadOnceUnderItsTopOwnerLargestImageFirst() throws InterruptedException {
        AuditReport report = audit.run(null, null);

        assertEquals(5, report.workloads(), report.toString());
        assertEquals(
                List.of(MockCluster.big(), MockCluster.small(), MockCluster.layers()),
                report.images().stream().map(AuditImage::image).toList());
        AuditImage big = report.images().get(0);
        assertEquals(
                List.of(
                        new ImageWorkload("Deployment", "relaxed", "preview", "web"),
                        new ImageWorkload("Deployment", "shop", "storefront", "web")),
                big.workloads());
        assertEquals(List.of("relaxed", "shop"), big.namespaces());
        assertEquals(Action.DENY, big.verdict());
        assertEquals(
                List.of(
                        new ImageWorkload("Pod", "batch", "debug", "shell"),
                        new ImageWorkload("StatefulSet", "shop", "db", "db")),
                report.images().get(1).workloads());
        assertEquals(
                List.of(new ImageWorkload("CronJob", "ml-training", "nightly", "train")),
                report.images().get(2).workloads());
        assertEquals(Action.DENY, report.verdict());
        assertTrue(
                report.violations().contains(new Violation("shop", "test-limits", "hard-cap", "deny", 1)),
                report.violations().toString());
        assertTrue(
                report.violations().contains(new Violation("relaxed", "relaxed-rollout", "hard-cap", "warn", 1)),
                report.violations().toString());
    }

    /**
     * The engine asks the weigher once per namespace, kind and pull secrets that use an image
     * (policies match on the first two, credentials come from the last); the audit asks for the
     * first and waits until it is weighed before the others, which the weigher's cache answers
     * without a registry call.
     */
    @Test
    void weighsEachDistinctImageOnceAndJudgesItsOtherUsesFromTheCache() throws InterruptedException {
        awaitBackgroundReport(); // so no background pass weighs at the same time
        CountingWeigher.CALLS.clear();
        CountingWeigher.EVENTS.clear();

        audit.run(null, null);

        assertEquals(2, CountingWeigher.calls(MockCluster.big()), CountingWeigher.CALLS.toString());
        assertEquals(2, CountingWeigher.calls(MockCluster.small()), CountingWeigher.CALLS.toString());
        assertEquals(1, CountingWeigher.calls(MockCluster.layers()), CountingWeigher.CALLS.toString());
        assertEquals(3, CountingWeigher.CALLS.size(), CountingWeigher.CALLS.toString());
        for (String image : List.of(MockCluster.big(), MockCluster.small())) {
            List<String> events = CountingWeigher.EVENTS.stream()
                    .filter(e -> e.endsWith(" " + image))
                    .toList();
            assertEquals(List.of("ask " + image, "done " + image, "ask " + image, "done " + image), events);
        }
    }

    @Test
    void tellsItsProgressPageByPageAndImageByImage() throws InterruptedException {
        List<Integer> listed = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> judged = new java.util.concurrent.CopyOnWriteArrayList<>();
        AuditProgress progress = new AuditProgress() {
            @Override
            public void listed(int objects) {
                listed.add(objects);
            }

            @Override
            public void judged(int images, int total) {
                judged.add(images + "/" + total);
            }
        };

        ClusterListing listing = audit.list(null, progress);
        audit.judge(listing, null, null, progress);

        assertEquals(11, listing.size());
        assertEquals(11, listed.get(listed.size() - 1), "every object counted: " + listed);
        assertTrue(listed.size() > 5, "told after each page of 2, not once at the end: " + listed);
        assertEquals("0/3", judged.get(0));
        assertEquals(
                List.of("0/3", "1/3", "2/3", "3/3"), judged.stream().sorted().toList());
    }

    @Test
    void auditsOneNamespaceWhenAsked() throws InterruptedException {
        AuditReport report = audit.run("shop", null);

        assertEquals("shop", report.namespace());
        assertEquals(2, report.workloads());
        assertEquals(
                List.of(MockCluster.big(), MockCluster.small()),
                report.images().stream().map(AuditImage::image).toList());
        assertTrue(report.images().stream().allMatch(image -> image.namespaces().equals(List.of("shop"))));
    }

    @Test
    void servesTheBackgroundReportOfTheLeaderAndTheViolationsGauge() throws Exception {
        JsonNode report = json.readTree(awaitBackgroundReport().asString());

        assertEquals(AuditProfile.IDENTITY, report.get("auditedBy").asText());
        assertEquals("deny", report.get("verdict").asText());
        assertEquals(MockCluster.big(), report.at("/images/0/image").asText());
        assertTrue(report.at("/images/0/sizeBytes").asLong()
                > report.at("/images/1/sizeBytes").asLong());

        String metrics = given().port(metricsUrl.getPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(
                metrics.contains(
                                "weighbridge_audit_violations{action=\"deny\",namespace=\"shop\",policy=\"test-limits\",rule=\"hard-cap\"} 1.0")
                        && metrics.contains(
                                "weighbridge_audit_violations{action=\"warn\",namespace=\"relaxed\",policy=\"relaxed-rollout\",rule=\"hard-cap\"} 1.0"),
                () -> metrics.lines()
                        .filter(line -> line.contains("audit"))
                        .toList()
                        .toString());
    }

    @Test
    void onlyOneOfTwoReplicasLeadsTheLease() throws InterruptedException {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        LeaseLeadership.Timings fast = new LeaseLeadership.Timings(
                Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(1));
        LeaseLeadership a =
                new LeaseLeadership(client, "weighbridge", "two-replicas", "replica-a", "the audit", fast, scheduler);
        LeaseLeadership b =
                new LeaseLeadership(client, "weighbridge", "two-replicas", "replica-b", "the audit", fast, scheduler);
        try {
            a.start(() -> {}, () -> {});
            b.start(() -> {}, () -> {});
            Instant until = Instant.now().plusSeconds(20);
            while ((a.leader() == null || b.leader() == null) && Instant.now().isBefore(until)) {
                Thread.sleep(100);
            }
            assertNotNull(a.leader());
            assertEquals(a.leader(), b.leader(), "both replicas see the same leader");
            assertTrue(a.isLeader() ^ b.isLeader(), "exactly one leads");
            Leadership follower = a.isLeader() ? b : a;
            AuditPasses passes = new AuditPasses(
                    follower,
                    Duration.ofHours(1),
                    () -> {
                        throw new AssertionError("a follower must not audit");
                    },
                    published -> {},
                    java.time.Clock.systemUTC());
            assertFalse(passes.tick());
            assertTrue(passes.whyNoReport().contains("the leader is " + a.leader()), passes.whyNoReport());
        } finally {
            a.close();
            b.close();
            scheduler.shutdownNow();
        }
    }

    @Test
    void cliAuditPrintsATableSortedBySizeAndExitsOneWhenSomethingWouldBeDenied() throws Exception {
        Run table = run("audit", "-A");

        assertEquals(1, table.exitCode(), table.err());
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.get(0).startsWith("IMAGE"), table.out());
        assertTrue(lines.get(0).contains("SIZE")
                && lines.get(0).contains("RULE(S)")
                && lines.get(0).contains("WORKLOADS"));
        assertTrue(lines.get(1).startsWith(MockCluster.big()), table.out());
        assertTrue(
                lines.get(1).contains("DENY")
                        && lines.get(1).contains("test-limits/hard-cap")
                        && lines.get(1).contains("Deployment/preview, Deployment/storefront"),
                table.out());
        assertTrue(lines.get(2).startsWith(MockCluster.small()), table.out());
        assertTrue(lines.get(3).startsWith(MockCluster.layers()), table.out());
        System.out.println("audit -A from the mock cluster:\n" + table.out());

        Run asJson = run("audit", "-A", "-o", "json");
        JsonNode report = json.readTree(asJson.out());
        assertEquals(1, asJson.exitCode());
        assertEquals("deny", report.get("verdict").asText());
        assertEquals(3, report.get("images").size());

        Run oneNamespace = run("audit", "-n", "batch");
        assertEquals(0, oneNamespace.exitCode(), oneNamespace.out() + oneNamespace.err());
        assertTrue(oneNamespace.out().contains("Pod/debug"), oneNamespace.out());

        assertEquals(2, run("audit", "-n", "shop", "-A").exitCode());
    }

    /** The background audit writes a PolicyReport per namespace with workloads, each valid by the CRD's schema. */
    @Test
    void theBackgroundAuditWritesAPolicyReportPerNamespaceWithAResultPerWorkloadAndRule() throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> policyReports().size() == 4);
        Map<String, GenericKubernetesResource> reports = policyReports();

        assertEquals(List.of("batch", "ml-training", "relaxed", "shop"), new ArrayList<>(reports.keySet()));
        for (GenericKubernetesResource report : reports.values()) {
            assertEquals(
                    List.of(),
                    PolicyReportWriterTest.POLICY_REPORT.problems(json.valueToTree(report)),
                    report.getMetadata().getNamespace());
        }
        GenericKubernetesResource shop = reports.get("shop");
        System.out.println(
                "PolicyReport of an audit of the mock cluster:\n" + new YAMLMapper().writeValueAsString(shop));
        JsonNode written = json.valueToTree(shop);
        List<String> results = new ArrayList<>();
        written.get("results")
                .forEach(r -> results.add(r.at("/resources/0/kind").asText() + "/"
                        + r.at("/resources/0/name").asText() + " "
                        + r.get("policy").asText() + "/" + r.get("rule").asText() + " "
                        + r.get("result").asText()));
        assertTrue(
                results.containsAll(List.of(
                        "Deployment/storefront test-limits/hard-cap fail",
                        "Deployment/storefront test-limits/very-big warn",
                        "Deployment/storefront test-limits/layer-count pass",
                        "StatefulSet/db test-limits/hard-cap pass")),
                results.toString());
        assertEquals(
                written.at("/summary/fail").asInt(),
                results.stream().filter(r -> r.endsWith(" fail")).count());
        assertEquals(
                client.apps()
                        .deployments()
                        .inNamespace("shop")
                        .withName("storefront")
                        .get()
                        .getMetadata()
                        .getUid(),
                written.at("/results/0/resources/0/uid").asText());
        assertNull(
                client.genericKubernetesResources(PolicyReportWriter.REPORTS)
                        .inNamespace("weighbridge")
                        .withName(PolicyReportBuilder.NAME)
                        .get(),
                "no workloads, no report");
    }

    private Map<String, GenericKubernetesResource> policyReports() {
        Map<String, GenericKubernetesResource> byNamespace = new TreeMap<>();
        client.genericKubernetesResources(PolicyReportWriter.REPORTS)
                .inAnyNamespace()
                .list()
                .getItems()
                .forEach(report -> byNamespace.put(report.getMetadata().getNamespace(), report));
        return byNamespace;
    }

    /** The report through the API, as a caller the cluster lets get audits (the mock API server answers the reviews). */
    private Response awaitBackgroundReport() {
        String token = MockAuthApi.token("auditor@example.com");
        MockAuthApi.grant("auditor@example.com", "get", "audits.weighbridge.io", null);
        Instant until = Instant.now().plusSeconds(90);
        Response response = given().auth().oauth2(token).get("/api/v1/audit");
        while (response.statusCode() != 200 && Instant.now().isBefore(until)) {
            assertEquals(503, response.statusCode(), response.asString());
            sleep();
            response = given().auth().oauth2(token).get("/api/v1/audit");
        }
        assertEquals(200, response.statusCode(), response.asString());
        return response;
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private record Run(int exitCode, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = WeighbridgeCommand.commandLine(factory);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exitCode = line.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
