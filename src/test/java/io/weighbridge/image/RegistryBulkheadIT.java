package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.weighbridge.image.registry.MediaTypes;
import io.weighbridge.metrics.MetricNames;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.ImageCopies;
import io.weighbridge.testing.RecordingProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One tenant's registry that accepts connections and never answers must not cost another
 * tenant's images their verdict: the healthy registry (the real fixture registry, 300 ms away
 * through a {@link RecordingProxy} as a registry on the internet is) keeps its own request slots
 * and its own base-detection slots, and what the hanging registry causes is charged to it in the
 * metrics. The hostile registry is a {@link ScriptedRegistry}; both live on 127.0.0.1 under
 * different ports, so they are two registries. Settings are the shipped ones (3 s per request,
 * 32 requests in flight, an 8 s admission deadline).
 *
 * <p>Before (one pool of 32 slots for all registries, the 3 s timeout counted from before the wait
 * for a slot, two base-detection threads for all): the five healthy images above the cap were all
 * "could not weigh …: 127.0.0.1:33635 did not answer within 3000 ms" and allowed under
 * {@code onRegistryError: warn} after 3.0–6.0 s, the healthy registry counted 5 timeouts; the
 * Alpine image was denied after 7.9 s as "built on a base that could not be detected".
 */
class RegistryBulkheadIT {
    private static final Duration ADMISSION_DEADLINE = Duration.ofSeconds(8);
    private static final int HOSTILE_ADMISSIONS = 3;
    private static final int IMAGES_PER_HOSTILE_ADMISSION = 12;

    private final Fixtures fixtures = Fixtures.get();
    private Vertx vertx;
    private ScriptedRegistry hostile;
    private RegistryImageWeigher weigher;
    private RecordingProxy healthy;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        hostile = new ScriptedRegistry();
        healthy = RecordingProxy.in(vertx, fixtures.plainRegistry()).withLatency(Duration.ofMillis(300));
        RegistryConfig config = ConfigOverrides.of(TestRegistryConfig.forLocal(healthy.hostPort()))
                .plainHttp(List.of(healthy.hostPort(), hostile.hostPort()))
                .timeout(Duration.ofSeconds(3))
                .maxConcurrentRequests(32);
        weigher = RegistryImageWeigher.builder(vertx, config).meters(meters).build();
    }

    @AfterEach
    void stop() {
        weigher.close();
        healthy.close();
        hostile.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static PolicySet policies(String name) throws Exception {
        return PolicyLoader.parse(Files.readString(Path.of("src/test/resources/e2e/policies/test-limits.yaml")), name);
    }

    private CompletableFuture<Evaluation> admit(DefaultPolicyEngine engine, List<String> images) {
        return engine.evaluate(new EvaluationRequest(
                "shop", "Pod", images.stream().map(ImageUse::of).toList(), null, Deadline.in(ADMISSION_DEADLINE)));
    }

    /** Three admissions of twelve images each whose registry answers nothing, left in flight. */
    private List<CompletableFuture<Evaluation>> hostileAdmissionsInFlight(DefaultPolicyEngine engine) {
        List<CompletableFuture<Evaluation>> admissions = new ArrayList<>();
        for (int a = 0; a < HOSTILE_ADMISSIONS; a++) {
            admissions.add(admit(engine, hostileImages(a)));
        }
        return admissions;
    }

    private List<String> hostileImages(int admission) {
        return IntStream.range(0, IMAGES_PER_HOSTILE_ADMISSION)
                .mapToObj(i -> hostile.hostPort() + "/tenant-b/app-" + admission + "-" + i + ":1")
                .toList();
    }

    /**
     * Keeps three hostile admissions in flight until {@code until} completes, as a tenant that
     * submits again whenever one is answered would: each round names new images, so no cached
     * failure answers them.
     */
    private CompletableFuture<Void> hostileAdmissionsKeptInFlight(
            DefaultPolicyEngine engine, CompletableFuture<?> until, List<Evaluation> answered) {
        java.util.concurrent.atomic.AtomicInteger rounds = new java.util.concurrent.atomic.AtomicInteger();
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < HOSTILE_ADMISSIONS; lane++) {
            lanes.add(keepGoing(engine, until, rounds, answered));
        }
        return CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> keepGoing(
            DefaultPolicyEngine engine,
            CompletableFuture<?> until,
            java.util.concurrent.atomic.AtomicInteger rounds,
            List<Evaluation> answered) {
        if (until.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        return admit(engine, hostileImages(rounds.incrementAndGet())).thenCompose(done -> {
            answered.add(done);
            return keepGoing(engine, until, rounds, answered);
        });
    }

    private double count(String registry, String outcome) {
        Counter counter = meters.find(MetricNames.REGISTRY_REQUESTS)
                .tag("registry", registry)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private Map<String, Double> outcomes(String registry) {
        Map<String, Double> counts = new TreeMap<>();
        meters.find(MetricNames.REGISTRY_REQUESTS)
                .tag("registry", registry)
                .counters()
                .forEach(c -> counts.merge(c.getId().getTag("outcome"), c.count(), Double::sum));
        return counts;
    }

    @Test
    void aRegistryThatNeverAnswersCannotStarveTheImagesOfAHealthyOne() throws Exception {
        hostile.otherwise(hostile.stall());
        List<ImageReference> healthyImages =
                ImageCopies.of(fixtures.plainRegistry(), fixtures.big(), "bulkhead", 5).stream()
                        .map(image -> healthy.reference(image.repository() + ":" + image.tag()))
                        .toList();
        DefaultPolicyEngine engine = new DefaultPolicyEngine(weigher, () -> policiesOrFail());
        CompletableFuture<Void> healthyDone = new CompletableFuture<>();

        List<Evaluation> hostileAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> hostileLoad = hostileAdmissionsKeptInFlight(engine, healthyDone, hostileAnswers);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> hostile.requests.get() >= 8);
        int hostileRequestsHeld = hostile.requests.get();

        // One healthy image every 700 ms, so they arrive at every phase of the hostile requests' 3 s timeouts.
        List<CompletableFuture<Evaluation>> healthyAdmissions = new ArrayList<>();
        List<Long> took = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (ImageReference image : healthyImages) {
            long started = System.nanoTime();
            healthyAdmissions.add(admit(engine, List.of(image.toString()))
                    .whenComplete((e, f) -> took.add((System.nanoTime() - started) / 1_000_000)));
            Thread.sleep(700);
        }
        CompletableFuture.allOf(healthyAdmissions.toArray(CompletableFuture[]::new))
                .join();
        healthyDone.complete(null);
        hostileLoad.join();
        String healthy = this.healthy.hostPort();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < healthyAdmissions.size(); i++) {
            Evaluation evaluation = healthyAdmissions.get(i).join();
            lines.add(String.format(
                    "  %s: %s: %s",
                    healthyImages.get(i),
                    evaluation.verdict().id(),
                    evaluation.findings().map(f -> f.rule() + " " + f.message()).collect(Collectors.joining(" | "))));
        }
        System.out.printf(
                "hostile requests when the first healthy image came: %d; healthy admissions took %s ms:%n%s%n"
                        + "registry requests by outcome: healthy %s %s, hostile %s %s%n",
                hostileRequestsHeld,
                took,
                String.join("\n", lines),
                healthy,
                outcomes(healthy),
                hostile.hostPort(),
                outcomes(hostile.hostPort()));

        for (CompletableFuture<Evaluation> admission : healthyAdmissions) {
            Evaluation evaluation = admission.join();
            List<String> rules = evaluation.findings().map(Finding::rule).toList();
            assertEquals(Action.DENY, evaluation.verdict(), "an image above the cap was not denied: " + lines);
            assertTrue(rules.contains("hard-cap") && !rules.contains("registry-error"), rules.toString());
        }
        assertEquals(
                0, count(healthy, MetricNames.OUTCOME_TIMEOUT), "the healthy registry blamed: " + outcomes(healthy));
        assertEquals(
                0, count(healthy, MetricNames.OUTCOME_NO_SLOT), "the healthy registry blamed: " + outcomes(healthy));
        assertTrue(count(hostile.hostPort(), MetricNames.OUTCOME_TIMEOUT) > 0, "the hostile registry not blamed");
        // A hostile image that waited for its registry's slots says so, rather than blaming a timeout.
        List<String> waited = hostileAnswers.stream()
                .flatMap(evaluation -> evaluation.images().stream())
                .map(image -> String.valueOf(image.error()))
                .filter(error -> error.contains(
                        "(waiting for a request slot: " + hostile.hostPort() + " holds all 8 it may hold)"))
                .toList();
        System.out.printf(
                "hostile images that waited for a slot: %d of %d, e.g. %s%n",
                waited.size(),
                hostileAnswers.stream()
                        .mapToLong(evaluation -> evaluation.images().size())
                        .sum(),
                hostileAnswers.stream()
                        .flatMap(evaluation -> evaluation.images().stream())
                        .map(image -> String.valueOf(image.error()).replaceAll("app-\\d+-\\d+", "app-N"))
                        .collect(Collectors.groupingBy(error -> error, TreeMap::new, Collectors.counting())));
        assertTrue(!waited.isEmpty(), "no hostile image said it waited for a slot");
    }

    private static PolicySet policiesOrFail() {
        try {
            return policies("test-limits.yaml");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAlpineImageIsNotDeniedWhileAnotherRegistrysLayersHang() throws Exception {
        PolicySet preferAlpine = PolicyLoader.parse("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: alpine-only
                spec:
                  onRegistryError: warn
                  rules:
                    - name: prefer-alpine
                      preferredBases: [alpine]
                      action: deny
                """, "alpine-only.yaml");
        for (int a = 0; a < HOSTILE_ADMISSIONS; a++) {
            for (int i = 0; i < IMAGES_PER_HOSTILE_ADMISSION; i++) {
                serveImageWhoseLayerHangs("tenant-b/app-" + a + "-" + i);
            }
        }
        DefaultPolicyEngine engine = new DefaultPolicyEngine(weigher, () -> preferAlpine);

        List<CompletableFuture<Evaluation>> hostileAdmissions = hostileAdmissionsInFlight(engine);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> hostile.seen.stream()
                                .filter(line -> line.contains("/blobs/sha256:"))
                                .count()
                        >= 4);
        Thread.sleep(200);

        long started = System.nanoTime();
        ImageReference small = healthy.reference(fixtures.small().reference().repository() + ":"
                + fixtures.small().reference().tag());
        Evaluation alpine = admit(engine, List.of(small.toString())).join();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        hostileAdmissions.forEach(CompletableFuture::join);
        ImageVerdictLine line = ImageVerdictLine.of(alpine);
        System.out.printf(
                "alpine-based %s while layer blobs of %s hang: %s after %d ms, base %s: %s%n",
                small, hostile.hostPort(), alpine.verdict().id(), tookMillis, line.base(), line.findings());

        assertEquals(
                Action.ALLOW,
                alpine.verdict(),
                "an Alpine image judged by a base it was not given time to detect: " + line.findings());
        assertEquals("alpine", line.base());
    }

    /** One image whose manifest and config answer at once and whose layer blob never does. */
    private void serveImageWhoseLayerHangs(String repository) {
        byte[] config = ("{\"os\":\"linux\",\"architecture\":\"amd64\",\"comment\":\"" + repository + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Digest configDigest = Digest.sha256Of(config);
        Digest layer = Digest.sha256Of(repository.getBytes(StandardCharsets.UTF_8));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + configDigest
                        + "\",\"size\":" + config.length
                        + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                        + "\"digest\":\"" + layer + "\",\"size\":1000}]}")
                .getBytes(StandardCharsets.UTF_8);
        Digest manifestDigest = Digest.sha256Of(manifest);
        String prefix = "/v2/" + repository;
        hostile.on(
                "HEAD " + prefix + "/manifests/1",
                ex -> ScriptedRegistry.respond(
                        ex,
                        200,
                        MediaTypes.OCI_MANIFEST,
                        manifest,
                        Map.of("Docker-Content-Digest", manifestDigest.toString())));
        hostile.on(
                "GET " + prefix + "/manifests/" + manifestDigest,
                ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of()));
        hostile.on(
                "GET " + prefix + "/blobs/" + configDigest,
                ex -> ScriptedRegistry.respond(ex, 200, "application/octet-stream", config, Map.of()));
        hostile.on("GET " + prefix + "/blobs/" + layer, hostile.stall());
    }

    /** The one image of an evaluation, in words. */
    private record ImageVerdictLine(String base, String findings) {
        static ImageVerdictLine of(Evaluation evaluation) {
            var image = evaluation.images().get(0);
            return new ImageVerdictLine(
                    image.weight() == null ? "-" : image.weight().base().distribution(),
                    evaluation
                            .findings()
                            .map(f -> f.action().id() + " " + f.message())
                            .collect(Collectors.joining(" | ")));
        }
    }
}
