package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.PushedImage;
import io.weighbridge.testing.RecordingProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the weigher asks the real registry, counted by a {@link RecordingProxy} in front of it:
 * every request is recorded on arrival, so the counts are exact without waiting for logs.
 */
class RegistryImageWeigherRequestsIT {
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private final Fixtures fixtures = Fixtures.get();
    private Vertx vertx;
    private RecordingProxy proxy;
    private final List<RegistryImageWeigher> weighers = new ArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        proxy = RecordingProxy.in(vertx, fixtures.plainRegistry());
    }

    @AfterEach
    void stop() {
        weighers.forEach(RegistryImageWeigher::close);
        proxy.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aColdWeighingOfAppSmallCostsFourRequestsAndAWarmOneNone() throws Exception {
        PushedImage small = fixtures.small();
        ImageReference reference = proxy.reference("app/small:1.0");
        RegistryImageWeigher weigher = weigher(config());

        long coldStarted = System.nanoTime();
        ImageWeight cold = weigh(weigher, reference);
        long coldNanos = System.nanoTime() - coldStarted;
        List<String> coldRequests = proxy.requests();

        String prefix = "/v2/" + small.reference().repository();
        assertEquals(
                List.of(
                        "HEAD " + prefix + "/manifests/" + small.reference().tag(),
                        "GET " + prefix + "/manifests/" + small.digest(),
                        "GET " + prefix + "/blobs/" + configDigestOf(small),
                        // base detection reads the bottom layer only: Alpine's os-release is in it
                        "GET " + prefix + "/blobs/" + cold.layers().get(0).digest()),
                coldRequests);
        assertEquals(
                coldRequests.size(), weigher.registryExchanges(), "the transport's own count agrees with the wire");
        assertEquals(new BaseImage("alpine", "3.20.3"), cold.base());

        long warmStarted = System.nanoTime();
        ImageWeight warm = weigh(weigher, reference);
        long warmNanos = System.nanoTime() - warmStarted;
        assertEquals(coldRequests, proxy.requests(), "a warm weighing asks the registry nothing");
        assertEquals(cold, warm);

        System.out.printf(
                "app/small: cold %d requests in %.2f ms %s; warm 0 requests in %.3f ms; cold/warm = %.0f%n",
                coldRequests.size(), coldNanos / 1e6, coldRequests, warmNanos / 1e6, (double) coldNanos / warmNanos);
    }

    /**
     * Issue 13: once a base layer has been read, a new image on it costs the protocol's minimum.
     * app/oci and app/layers are new images (never weighed) on the Alpine base layer app/small
     * brought; neither config names its base, so only the layer read for app/small can tell.
     */
    @Test
    void aNewImageOnAKnownBaseCostsHeadTagGetManifestAndGetConfigAndNothingMore() throws Exception {
        RegistryImageWeigher weigher = weigher(config());
        weigh(weigher, proxy.reference("app/small:1.0"));
        for (PushedImage image : List.of(fixtures.oci(), fixtures.manyLayers())) {
            int before = proxy.requests().size();
            ImageWeight weight = weigh(
                    weigher,
                    proxy.reference(image.reference().repository() + ":"
                            + image.reference().tag()));
            List<String> requests =
                    proxy.requests().subList(before, proxy.requests().size());

            String prefix = "/v2/" + image.reference().repository();
            assertEquals(
                    List.of(
                            "HEAD " + prefix + "/manifests/" + image.reference().tag(),
                            "GET " + prefix + "/manifests/" + image.digest(),
                            "GET " + prefix + "/blobs/" + configDigestOf(image)),
                    requests,
                    image.reference() + " on the known Alpine base");
            assertEquals(new BaseImage("alpine", "3.20.3"), weight.base());
        }
    }

    /** Issue 13's herd: 200 admissions of one new image at once, all waiting on one HEAD, cost one manifest fetch. */
    @Test
    void aHerdOfTwoHundredWeighingsOfOneNewImageCostsOneManifestFetch() {
        CompletableFuture<Void> registryAnswers = proxy.hold(line -> line.startsWith("HEAD /v2/app/big/manifests/"));
        RegistryImageWeigher weigher = weigher(config());
        ImageReference reference = proxy.reference("app/big:1.0");
        List<CompletableFuture<ImageWeight>> herd = IntStream.range(0, 200)
                .mapToObj(i -> weigher.weigh(reference, within(GENEROUS)))
                .toList();
        assertTrue(herd.stream().noneMatch(CompletableFuture::isDone), "the whole herd waits on the held HEAD");
        registryAnswers.complete(null);

        assertEquals(
                1,
                herd.stream().map(CompletableFuture::join).distinct().count(),
                "every admission gets the same weight");
        List<String> requests = proxy.requests();
        assertEquals(
                1, requests.stream().filter(line -> line.startsWith("HEAD ")).count(), requests.toString());
        assertEquals(
                1,
                requests.stream()
                        .filter(line -> line.startsWith("GET /v2/app/big/manifests/"))
                        .count(),
                requests.toString());
        System.out.printf("herd of 200 weighings of app/big: %d requests %s%n", requests.size(), requests);
    }

    @Test
    void sixteenConcurrentWeighingsOfOneNewImageCostWhatOneWeighingCosts() throws Exception {
        ImageReference reference = proxy.reference("app/big:1.0");
        weigh(weigher(config()), reference);
        List<String> one = proxy.requests();

        RegistryImageWeigher fresh = weigher(config());
        int threads = 16;
        CyclicBarrier startTogether = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<ImageWeight>> weighings = IntStream.range(0, threads)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> {
                                awaitQuietly(startTogether);
                                return weigh(fresh, reference);
                            },
                            pool))
                    .toList();
            List<ImageWeight> weights =
                    weighings.stream().map(CompletableFuture::join).toList();
            assertEquals(1, weights.stream().distinct().count(), "every caller gets the same weight");
            assertEquals(fixtures.big().sizeBytes(), weights.get(0).sizeBytes());
        } finally {
            pool.shutdownNow();
        }
        List<String> all = proxy.requests();
        List<String> concurrent = all.subList(one.size(), all.size());
        assertEquals(sorted(one), sorted(concurrent));
        System.out.printf(
                "app/big: one weighing %d requests, %d concurrent weighings %d requests%n",
                one.size(), threads, concurrent.size());
    }

    @Test
    void loopbackIsRefusedWhenNotAllowedAndNoRequestReachesTheRegistry() {
        RegistryImageWeigher strict = weigher(config().withAllowedNetworks(List.of("10.0.0.0/8")));
        ImageReference reference = proxy.reference("app/small:1.0");
        String message = failureOf(strict.weigh(reference, within(GENEROUS)));
        assertEquals(
                "cannot weigh " + reference + ": refused to contact 127.0.0.1: 127.0.0.1 is a loopback address"
                        + " (allow it with weighbridge.registry.allowed-networks)",
                message);
        assertEquals(List.of(), proxy.requests());
        assertEquals(0, strict.registryExchanges());
    }

    @Test
    void aCallerJoiningAWeighingWithALaterDeadlineIsNotFailedByTheFirstCallersDeadline() {
        CompletableFuture<Void> registryAnswers = proxy.hold(line -> line.startsWith("HEAD /v2/app/small/manifests/"));
        // A long per-request timeout, so only deadlines can end the held request.
        RegistryImageWeigher weigher = weigher(new TestRegistryConfig(
                List.of(proxy.hostPort()),
                List.of("127.0.0.1/32"),
                Optional.empty(),
                Duration.ofSeconds(20),
                "linux/amd64",
                8));
        ImageReference reference = proxy.reference("app/small:1.0");

        CompletableFuture<ImageWeight> hurried = weigher.weigh(reference, within(Duration.ofMillis(300)));
        CompletableFuture<ImageWeight> patient = weigher.weigh(reference, within(Duration.ofSeconds(20)));
        String hurriedFailure = failureOf(hurried);
        assertTrue(hurriedFailure.startsWith("cannot weigh " + reference + ": deadline passed while "), hurriedFailure);

        registryAnswers.complete(null);
        ImageWeight weight = patient.join();
        assertEquals(fixtures.small().digest(), weight.digest().toString());
        assertEquals(fixtures.small().sizeBytes(), weight.sizeBytes());
        assertEquals(
                1,
                proxy.requests().stream()
                        .filter(line -> line.startsWith("HEAD "))
                        .count(),
                "both callers shared one fetch");
    }

    private TestRegistryConfig config() {
        return TestRegistryConfig.forLocal(proxy.hostPort());
    }

    private RegistryImageWeigher weigher(TestRegistryConfig config) {
        RegistryImageWeigher weigher =
                RegistryImageWeigher.builder(vertx, config).build();
        weighers.add(weigher);
        return weigher;
    }

    private String configDigestOf(PushedImage image) throws Exception {
        byte[] manifest = fixtures.plainRegistry()
                .api()
                .manifest(image.reference().repository(), image.digest())
                .body();
        return new ObjectMapper()
                .readTree(manifest)
                .path("config")
                .path("digest")
                .asText();
    }

    private static ImageWeight weigh(RegistryImageWeigher weigher, ImageReference reference) {
        return weigher.weigh(reference, within(GENEROUS)).join();
    }

    private static WeighingContext within(Duration duration) {
        return new WeighingContext(Deadline.in(duration), "default");
    }

    private static String failureOf(CompletableFuture<ImageWeight> weighing) {
        try {
            ImageWeight unexpected = weighing.join();
            throw new AssertionError("weighing should have failed but gave " + unexpected);
        } catch (CompletionException e) {
            assertInstanceOf(WeighingException.class, e.getCause());
            return e.getCause().getMessage();
        }
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
