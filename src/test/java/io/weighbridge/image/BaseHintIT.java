package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.HistoryImages;
import io.weighbridge.testing.PushedImage;
import io.weighbridge.testing.RecordingProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an image's config says of its base (a hint) against what its layers' bytes say, on the
 * real registry, counted by a {@link RecordingProxy}: a hint costs no layer byte, decides its own
 * image's base, and never the base of another image on the same layers, in whichever order they
 * come.
 */
class BaseHintIT {
    private static final Fixtures fixtures = Fixtures.get();
    private static PushedImage honest;
    private static PushedImage liar;
    private static PushedImage alpineSaysSo;

    private Vertx vertx;
    private RecordingProxy proxy;
    private final List<RegistryImageWeigher> weighers = new ArrayList<>();

    @BeforeAll
    static void push() {
        // Both on the Debian base layer: one's history names no base, the other's claims Alpine.
        honest = HistoryImages.onDebianLayer(fixtures.plainRegistry(), "hint/honest", "1.0", HistoryImages.ADD_FILE);
        liar = HistoryImages.onDebianLayer(
                fixtures.plainRegistry(), "hint/liar", "1.0", HistoryImages.ADD_ALPINE_ROOTFS);
        alpineSaysSo = HistoryImages.onAlpineLayer(
                fixtures.plainRegistry(), "hint/alpine", "1.0", HistoryImages.ADD_ALPINE_ROOTFS);
    }

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
    void aConfigThatNamesItsBaseIsToldWithoutALayerByteEvenOnABaseNeverSeen() {
        RegistryImageWeigher weigher = weigher();
        ImageWeight weight = weigh(weigher, alpineSaysSo);
        assertEquals(new BaseImage("alpine", "3.20.3"), weight.base());
        assertEquals(
                List.of("HEAD", "GET manifest", "GET blob"),
                kinds(proxy.requests()),
                proxy.requests().toString());
    }

    @Test
    void aLyingHintDecidesOnlyItsOwnImageNeverAnotherOnTheSameLayerWhicheverComesFirst() {
        RegistryImageWeigher liarFirst = weigher();
        assertEquals(
                "alpine",
                weigh(liarFirst, liar).base().distribution(),
                "its own statement, as its os-release would be");
        int before = proxy.requests().size();
        assertEquals(new BaseImage("debian", "12"), weigh(liarFirst, honest).base());
        List<String> honestRequests =
                proxy.requests().subList(before, proxy.requests().size());
        assertEquals(
                List.of("HEAD", "GET manifest", "GET blob", "GET blob"),
                kinds(honestRequests),
                "the honest image's bottom layer is read: the liar's hint was not remembered for it " + honestRequests);

        RegistryImageWeigher honestFirst = weigher();
        assertEquals(new BaseImage("debian", "12"), weigh(honestFirst, honest).base());
        assertEquals(
                "alpine",
                weigh(honestFirst, liar).base().distribution(),
                "a hint decides its own image, whatever the layer said to others");
    }

    private RegistryImageWeigher weigher() {
        RegistryImageWeigher weigher = RegistryImageWeigher.builder(
                        vertx, TestRegistryConfig.forLocal(proxy.hostPort()))
                .credentials(CredentialSource.NONE)
                .build();
        weighers.add(weigher);
        return weigher;
    }

    private ImageWeight weigh(RegistryImageWeigher weigher, PushedImage image) {
        ImageReference reference = proxy.reference(
                image.reference().repository() + ":" + image.reference().tag());
        return weigher.weigh(reference, new WeighingContext(Deadline.in(Duration.ofSeconds(30)), "default"))
                .join();
    }

    /** {@code HEAD}, {@code GET manifest} or {@code GET blob} for each request line. */
    private static List<String> kinds(List<String> requests) {
        return requests.stream()
                .map(line ->
                        line.startsWith("HEAD ") ? "HEAD" : line.contains("/manifests/") ? "GET manifest" : "GET blob")
                .toList();
    }
}
