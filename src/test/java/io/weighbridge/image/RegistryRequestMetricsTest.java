package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.weighbridge.image.registry.AddressGuard;
import io.weighbridge.image.registry.RegistryClient;
import io.weighbridge.metrics.MetricNames;
import io.weighbridge.metrics.RegistryMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every registry exchange is counted by registry and outcome, faults included (a scripted registry makes them). */
class RegistryRequestMetricsTest {
    private Vertx vertx;
    private ScriptedRegistry registry;
    private SimpleMeterRegistry meters;
    private RegistryImageWeigher weigher;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        registry = new ScriptedRegistry();
        meters = new SimpleMeterRegistry();
        weigher = RegistryImageWeigher.builder(vertx, TestRegistryConfig.forLocal(registry.hostPort()))
                .meters(meters)
                .build();
    }

    @AfterEach
    void stop() {
        weigher.close();
        registry.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void countsStatusClasses() {
        registry.on("HEAD /v2/gone/manifests/1", ex -> ScriptedRegistry.respond(ex, 404, null, new byte[0], Map.of()));
        registry.on(
                "GET /v2/gone/manifests/1",
                ex -> ScriptedRegistry.respond(
                        ex,
                        404,
                        "application/json",
                        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(),
                        Map.of()));
        registry.on(
                "HEAD /v2/broken/manifests/1", ex -> ScriptedRegistry.respond(ex, 500, null, new byte[0], Map.of()));
        registry.on("GET /v2/broken/manifests/1", ex -> ScriptedRegistry.respond(ex, 500, null, new byte[0], Map.of()));

        settle(weigher.weigh(ref("gone:1"), within(Duration.ofSeconds(5))));
        settle(weigher.weigh(ref("broken:1"), within(Duration.ofSeconds(5))));

        awaitCount(MetricNames.OUTCOME_HTTP_4XX, 1);
        awaitCount(MetricNames.OUTCOME_HTTP_5XX, 1);
        assertEquals(0, count(MetricNames.OUTCOME_OK));
        Timer latency = meters.find(MetricNames.REGISTRY_REQUEST_DURATION)
                .tag("registry", registry.hostPort())
                .timer();
        assertEquals(count(MetricNames.OUTCOME_HTTP_4XX) + count(MetricNames.OUTCOME_HTTP_5XX), latency.count());
    }

    @Test
    void countsTimeouts() {
        registry.on("HEAD /v2/slow/manifests/1", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        settle(weigher.weigh(ref("slow:1"), within(Duration.ofMillis(400))));
        awaitCount(MetricNames.OUTCOME_TIMEOUT, 1);
    }

    @Test
    void countsAddressesTheGuardRefusesAsRefused() {
        RegistryImageWeigher strict = RegistryImageWeigher.builder(
                        vertx, TestRegistryConfig.forLocal(registry.hostPort()).withAllowedNetworks(List.of()))
                .meters(meters)
                .build();
        try {
            settle(strict.weigh(ref("app:1"), within(Duration.ofSeconds(5))));
            awaitCount(MetricNames.OUTCOME_REFUSED, 1);
            assertEquals(0, registry.requests.get());
        } finally {
            strict.close();
        }
    }

    @Test
    void countsCacheHitsAndMissesUnderWeighbridgesNames() {
        registry.on("HEAD /v2/gone/manifests/1", ex -> ScriptedRegistry.respond(ex, 404, null, new byte[0], Map.of()));
        registry.on("GET /v2/gone/manifests/1", ex -> ScriptedRegistry.respond(ex, 404, null, new byte[0], Map.of()));
        settle(weigher.weigh(ref("gone:1"), within(Duration.ofSeconds(5))));
        settle(weigher.weigh(ref("gone:1"), within(Duration.ofSeconds(5))));

        // The second weighing is answered by the failure cache, without a request.
        assertEquals(
                1.0,
                meters.get(MetricNames.CACHE_HITS)
                        .tag("cache", "failures")
                        .functionCounter()
                        .count());
        assertTrue(meters.get(MetricNames.CACHE_MISSES)
                        .tag("cache", "tags")
                        .functionCounter()
                        .count()
                >= 1);
        assertEquals(
                1.0,
                meters.get(MetricNames.CACHE_SIZE)
                        .tag("cache", "failures")
                        .gauge()
                        .value());
    }

    @Test
    void countsAWaitThatGaveUpForTheRegistryHoldingTheSlotsNotForTheOneKeptWaiting() throws Exception {
        try (ScriptedRegistry hanging = new ScriptedRegistry();
                ScriptedRegistry alsoHanging = new ScriptedRegistry()) {
            hanging.otherwise(hanging.stall());
            alsoHanging.otherwise(alsoHanging.stall());
            RegistryClient client = RegistryClient.builder(
                            vertx, AddressGuard.allowing(List.of("127.0.0.1/32")), new RegistryMetrics(meters))
                    .plainHttp(List.of(registry.hostPort(), hanging.hostPort(), alsoHanging.hostPort()))
                    .requestTimeout(Duration.ofSeconds(5))
                    .slots(2, 2)
                    .build();
            try {
                // Two slots in all: one each for the two hanging registries, none left for the third.
                client.repository(
                                hanging.hostPort(),
                                "a",
                                Credential.ANONYMOUS,
                                Deadline.in(Duration.ofSeconds(5)),
                                RequestPace.UNPACED)
                        .resolveTag("1");
                client.repository(
                                alsoHanging.hostPort(),
                                "b",
                                Credential.ANONYMOUS,
                                Deadline.in(Duration.ofSeconds(5)),
                                RequestPace.UNPACED)
                        .resolveTag("1");
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> hanging.requests.get() + alsoHanging.requests.get() == 2);

                CompletableFuture<?> kept = client.repository(
                                registry.hostPort(),
                                "c",
                                Credential.ANONYMOUS,
                                Deadline.in(Duration.ofMillis(300)),
                                RequestPace.UNPACED)
                        .resolveTag("1");
                String reason = kept.handle((ok, failure) ->
                                String.valueOf(Futures.cause(failure).getMessage()))
                        .join();

                assertTrue(
                        reason.startsWith(
                                "deadline passed while resolving tag 1 (waiting for a request slot: all 2 are held, 1 by"),
                        reason);
                double blamed = countFor(hanging.hostPort(), MetricNames.OUTCOME_NO_SLOT)
                        + countFor(alsoHanging.hostPort(), MetricNames.OUTCOME_NO_SLOT);
                assertEquals(1, blamed, meters.getMetersAsString());
                assertEquals(
                        0,
                        countFor(registry.hostPort(), MetricNames.OUTCOME_NO_SLOT),
                        "the registry kept waiting was blamed");
                assertEquals(0, registry.requests.get());
            } finally {
                client.close();
            }
        }
    }

    private double countFor(String registryLabel, String outcome) {
        Counter counter = meters.find(MetricNames.REGISTRY_REQUESTS)
                .tags("registry", registryLabel, "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private void awaitCount(String outcome, double atLeast) {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (count(outcome) < atLeast && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertTrue(count(outcome) >= atLeast, outcome + ": " + count(outcome) + " " + meters.getMetersAsString());
    }

    private double count(String outcome) {
        Counter counter = meters.find(MetricNames.REGISTRY_REQUESTS)
                .tags("registry", registry.hostPort(), "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static void settle(CompletableFuture<ImageWeight> weighing) {
        weighing.handle((w, f) -> null).join();
    }

    private ImageReference ref(String repoAndTag) {
        return ImageReference.parse(registry.hostPort() + "/" + repoAndTag);
    }

    private static WeighingContext within(Duration duration) {
        return new WeighingContext(Deadline.in(duration), "default");
    }
}
