package io.weighbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.weighbridge.testing.BenchRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short slice of bench/peers/run that the suite runs: its reviews are what the API server
 * sends, naming only the bench registry's images, and its registry counts what a weighing costs.
 */
class PeersBenchPartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theReviewsReadAsFabric8ReviewsOfTheBenchImages(@TempDir Path work) throws Exception {
        Map<String, String> images = Map.of(
                "init",
                "r/init:1",
                "api",
                "r/api:1",
                "web",
                "r/web:1",
                "report",
                "r/report:1",
                "agent",
                "r/agent:1",
                "sidecar",
                "r/sidecar:1");
        Reviews reviews = new Reviews(Path.of("bench/peers/reviews"), work, images);

        PodSpec pod = ((Pod) read(reviews.json("pod")).getRequest().getObject()).getSpec();
        assertEquals(
                List.of("r/web:1", "r/sidecar:1", "r/agent:1"),
                pod.getContainers().stream().map(c -> c.getImage()).toList());
        assertEquals(
                List.of("r/init:1"),
                pod.getInitContainers().stream().map(c -> c.getImage()).toList());
        Deployment deployment =
                (Deployment) read(reviews.json("deployment")).getRequest().getObject();
        assertEquals(
                2, deployment.getSpec().getTemplate().getSpec().getContainers().size());
        CronJob cronJob = (CronJob) read(reviews.json("cronjob")).getRequest().getObject();
        assertEquals(
                "r/report:1",
                cronJob.getSpec()
                        .getJobTemplate()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage());
        PodSpec rollout =
                ((Pod) read(reviews.podRunning("r/new:2")).getRequest().getObject()).getSpec();
        assertEquals("r/new:2", rollout.getContainers().get(0).getImage());
        assertEquals(
                3,
                ((Pod) read(Reviews.podOf(List.of("a:1", "b:1", "c:1"), "u"))
                                .getRequest()
                                .getObject())
                        .getSpec()
                        .getContainers()
                        .size());
    }

    @Test
    void theBenchRegistryCountsThePlainClientsThreeRoundTrips(@TempDir Path work) throws Exception {
        try (BenchRegistry registry = BenchRegistry.start(2, 3)) {
            assertEquals(
                    Map.of("init", 1, "api", 1, "web", 1, "report", 1, "agent", 1, "sidecar", 1)
                            .keySet(),
                    registry.reviewImages().keySet());
            ColdPath cold = new ColdPath(registry, null, null);
            long mark = registry.logMark();
            cold.plainRoundTrips(1, 1, 0, 1); // image 1 measured after image 0 warmed the client
            List<String> requests = registry.requestsSince(mark).stream()
                    .filter(r -> r.contains("/" + BenchRegistry.FRESH_REPOSITORY + "/"))
                    .toList();
            assertEquals(2 * BenchRegistry.PROTOCOL_MINIMUM_REQUESTS, requests.size(), requests::toString);
            assertEquals("HEAD /v2/fresh/app/manifests/f000000", requests.get(0));
            assertEquals("HEAD /v2/fresh/app/manifests/f000001", requests.get(BenchRegistry.PROTOCOL_MINIMUM_REQUESTS));
            String mass = registry.massImage(2);
            int status = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                            "http://" + mass.replace("/mass/app:", "/v2/mass/app/manifests/")))
                                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            assertEquals(200, status, mass + " was pushed");
        }
    }

    private static AdmissionReview read(String json) throws Exception {
        return JSON.readValue(json, AdmissionReview.class);
    }

    @Test
    void theServersCpuTimeIsReadFromProcStatEvenWhenItsNameHoldsSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 90210 0 12 0 1234 567 0 0 20 0 41 0 88 0";

        assertEquals((1234 + 567) * 10.0, ServerProcess.cpuMillisOf(stat, 100));
    }
}
