package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.PushedImage;
import io.weighbridge.testing.RecordingProxy;
import io.weighbridge.testing.RegistryHttpApi;
import io.weighbridge.testing.TestRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirrors against two real registries: the fixture registry (behind a {@link RecordingProxy}, so
 * every request to the source is seen) and a second registry holding copies, the "mirror".
 */
class RegistryMirrorsIT {
    private static final Duration GENEROUS = Duration.ofSeconds(20);
    private static TestRegistry mirror;
    private static PushedImage small;

    private final Fixtures fixtures = Fixtures.get();
    private Vertx vertx;
    private RecordingProxy source;
    private final List<RegistryImageWeigher> weighers = new ArrayList<>();

    @TempDir
    Path temp;

    @BeforeAll
    static void startMirror() throws IOException {
        small = Fixtures.get().small();
        mirror = TestRegistry.start();
        // The mirror holds app/small under mirror/app/small, by tag and so by digest; "empty/…" has nothing.
        copy(
                Fixtures.get().plainRegistry().api(),
                small.reference().repository(),
                small.reference().tag(),
                mirror.api(),
                "mirror/" + small.reference().repository());
    }

    @AfterAll
    static void stopMirror() {
        if (mirror != null) {
            mirror.close();
        }
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        source = RecordingProxy.in(vertx, fixtures.plainRegistry());
    }

    @AfterEach
    void stop() {
        weighers.forEach(RegistryImageWeigher::close);
        source.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Copies a manifest and its blobs, byte for byte, so the digest stays the same. */
    private static void copy(
            RegistryHttpApi from, String fromRepository, String tag, RegistryHttpApi to, String toRepository)
            throws IOException {
        RegistryHttpApi.FetchedManifest manifest = from.manifest(fromRepository, tag);
        JsonNode json = new ObjectMapper().readTree(manifest.body());
        List<String> blobs = new ArrayList<>();
        blobs.add(json.path("config").path("digest").asText());
        json.path("layers").forEach(layer -> blobs.add(layer.path("digest").asText()));
        for (String blob : blobs) {
            to.pushBlob(toRepository, from.blob(fromRepository, blob));
        }
        to.pushManifest(toRepository, tag, manifest.mediaType(), manifest.body());
    }

    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    private RegistryImageWeigher weigher(String mirrorsYaml, String... plainHosts) throws IOException {
        return weigherReading("mirrors-" + weighers.size() + ".yaml", mirrorsYaml, plainHosts);
    }

    private RegistryImageWeigher weigherReading(String fileName, String mirrors, String... plainHosts)
            throws IOException {
        Path file = Files.writeString(temp.resolve(fileName), mirrors);
        List<String> plain = new ArrayList<>(List.of(plainHosts));
        plain.add(source.hostPort());
        plain.add(mirror.hostPort());
        // Per request as long as the whole weighing: on a loaded machine the first request of a run is slow; no test
        // here waits on a timeout.
        RegistryConfig config = ConfigOverrides.of(TestRegistryConfig.forLocal(source.hostPort()))
                .plainHttp(plain)
                .mirrors(file)
                .timeout(GENEROUS);
        RegistryImageWeigher weigher =
                RegistryImageWeigher.builder(vertx, config).build();
        weighers.add(weigher);
        return weigher;
    }

    private static WeighingContext generous() {
        return new WeighingContext(Deadline.in(GENEROUS), "default");
    }

    private String mirrorRepo(String prefix) {
        return mirror.hostPort() + "/" + prefix;
    }

    @Test
    void aDigestReferenceIsWeighedFromTheMirrorWhileTheSourceIsDown() throws IOException {
        String down = closedPort();
        RegistryImageWeigher weigher = weigher("""
                apiVersion: config.openshift.io/v1
                kind: ImageDigestMirrorSet
                metadata:
                  name: fixtures
                spec:
                  imageDigestMirrors:
                  - source: %s/app
                    mirrors:
                    - %s
                """.formatted(down, mirrorRepo("mirror/app")), down);
        ImageReference pinned =
                ImageReference.parse(down + "/" + small.reference().repository() + "@" + small.digest());

        ImageWeight weight = weigher.weigh(pinned, generous()).join();

        assertEquals(pinned, weight.reference(), "the user's reference is kept");
        assertEquals(small.digest(), weight.digest().toString());
        assertEquals(small.sizeBytes(), weight.sizeBytes());
        assertEquals(mirrorRepo("mirror/app/small"), weight.pulledFrom());
    }

    @Test
    void digestRulesDoNotApplyToTagsButTagRulesDo() throws IOException {
        String down = closedPort();
        String idms = """
                kind: ImageDigestMirrorSet
                spec:
                  imageDigestMirrors:
                  - source: %s/app
                    mirrors: [%s]
                """.formatted(down, mirrorRepo("mirror/app"));
        ImageReference tagged = ImageReference.parse(down + "/"
                + small.reference().repository() + ":" + small.reference().tag());

        String refused = failure(weigher(idms, down), tagged);
        assertTrue(
                refused.startsWith("cannot weigh " + tagged + ": fetching manifest")
                        || refused.contains("cannot connect to " + down),
                "a digest-only rule leaves tag references at the source: " + refused);

        String itms = """
                kind: ImageTagMirrorSet
                spec:
                  imageTagMirrors:
                  - source: %s/app
                    mirrors: [%s]
                """.formatted(down, mirrorRepo("mirror/app"));
        ImageWeight weight = weigher(itms, down).weigh(tagged, generous()).join();
        assertEquals(small.digest(), weight.digest().toString());
        assertEquals(mirrorRepo("mirror/app/small"), weight.pulledFrom());
    }

    @Test
    void neverContactSourceNeverTouchesTheSource() throws IOException {
        RegistryImageWeigher weigher = weigher("""
                kind: RegistryMirrors
                spec:
                  mirrors:
                  - source: %s
                    mirrors: [%s]
                    pullFrom: all
                    mirrorSourcePolicy: NeverContactSource
                """.formatted(source.hostPort(), mirrorRepo("empty")));
        ImageReference reference = source.reference(
                small.reference().repository() + ":" + small.reference().tag());

        String message = failure(weigher, reference);

        assertEquals(List.of(), source.requests(), "the source was contacted");
        assertTrue(message.contains("mirror " + mirrorRepo("empty/app/small") + ": "), message);
        assertTrue(message.endsWith("; source: not contacted (NeverContactSource)"), message);
    }

    @Test
    void mirrorsAreTriedInOrderThenTheSource() throws IOException {
        String down = closedPort();
        String rules = """
                kind: RegistryMirrors
                spec:
                  mirrors:
                  - source: %s
                    mirrors: [%s, %s, %s]
                    pullFrom: tags
                """;
        ImageReference reference = source.reference(
                small.reference().repository() + ":" + small.reference().tag());

        // A dead mirror, one without the image, then one with it: the third answers; the source is not asked.
        ImageWeight weight = weigher(
                        rules.formatted(source.hostPort(), down, mirrorRepo("empty"), mirrorRepo("mirror")), down)
                .weigh(reference, generous())
                .join();
        assertEquals(mirrorRepo("mirror/app/small"), weight.pulledFrom());
        assertEquals(small.digest(), weight.digest().toString());
        assertEquals(List.of(), source.requests());

        // No mirror has it: AllowContactSource (the default) falls back to the source, which answers.
        ImageWeight fromSource = weigher(
                        rules.formatted(source.hostPort(), down, mirrorRepo("empty"), mirrorRepo("none")), down)
                .weigh(reference, generous())
                .join();
        assertNull(fromSource.pulledFrom());
        assertEquals(small.digest(), fromSource.digest().toString());
        assertTrue(
                source.requests().contains("HEAD /v2/app/small/manifests/1.0"),
                source.requests().toString());
    }

    @Test
    void aRegistriesConfSendsTheImageToItsMirrorAsTheNodesDo() throws IOException {
        String down = closedPort();
        RegistryImageWeigher weigher =
                weigherReading("registries.conf", """
                unqualified-search-registries = ["docker.io"]

                [[registry]]
                location = "%s/app"

                [[registry.mirror]]
                location = "%s"
                pull-from-mirror = "all"
                """.formatted(down, mirrorRepo("mirror/app")), down);
        ImageReference tagged = ImageReference.parse(down + "/"
                + small.reference().repository() + ":" + small.reference().tag());

        ImageWeight weight = weigher.weigh(tagged, generous()).join();

        assertEquals(tagged, weight.reference());
        assertEquals(small.digest(), weight.digest().toString());
        assertEquals(small.sizeBytes(), weight.sizeBytes());
        assertEquals(mirrorRepo("mirror/app/small"), weight.pulledFrom());
    }

    @Test
    void aRegistriesConfLocationMovesTheImageWithoutTouchingItsNamedRegistry() throws IOException {
        // quay.example is never resolved: the location replaces the prefix before any request.
        RegistryImageWeigher weigher = weigherReading("registries.conf", """
                [[registry]]
                prefix = "quay.example/acme"
                location = "%s"
                """.formatted(mirrorRepo("mirror/app")));
        ImageReference named = ImageReference.parse(
                "quay.example/acme/small:" + small.reference().tag());

        ImageWeight weight = weigher.weigh(named, generous()).join();

        assertEquals(named, weight.reference());
        assertEquals(small.digest(), weight.digest().toString());
        assertEquals(mirrorRepo("mirror/app/small"), weight.pulledFrom());
    }

    @Test
    void aBlockedRegistryIsNeverContactedAndTheMessageSaysNodesWillNotPullItEither() throws IOException {
        RegistryImageWeigher weigher = weigherReading("registries.conf", """
                [[registry]]
                location = "%s"
                blocked = true
                """.formatted(source.hostPort()));
        ImageReference reference = source.reference(
                small.reference().repository() + ":" + small.reference().tag());

        String message = failure(weigher, reference);

        assertEquals(
                "cannot weigh " + reference + ": source: blocked by " + temp.resolve("registries.conf")
                        + " line 1 (prefix " + source.hostPort() + "): nodes will not pull it either",
                message);
        assertEquals(List.of(), source.requests(), "the blocked registry was contacted");
    }

    @Test
    void aBlockedSourceWithDigestMirrorsIsOpenShiftsNeverContactSource() throws IOException {
        RegistryImageWeigher weigher =
                weigherReading("registries.conf", """
                [[registry]]
                  prefix = ""
                  location = "%s/app"
                  blocked = true

                  [[registry.mirror]]
                    location = "%s"
                    pull-from-mirror = "digest-only"
                """.formatted(source.hostPort(), mirrorRepo("mirror/app")));
        ImageReference pinned = source.reference(small.reference().repository() + "@" + small.digest());
        ImageReference tagged = source.reference(
                small.reference().repository() + ":" + small.reference().tag());

        ImageWeight weight = weigher.weigh(pinned, generous()).join();
        String refused = failure(weigher, tagged);

        assertEquals(mirrorRepo("mirror/app/small"), weight.pulledFrom());
        assertEquals(small.sizeBytes(), weight.sizeBytes());
        assertTrue(refused.startsWith("cannot weigh " + tagged + ": source: blocked by "), refused);
        assertEquals(List.of(), source.requests(), "the blocked source was contacted");
    }

    private static String failure(RegistryImageWeigher weigher, ImageReference reference) {
        try {
            weigher.weigh(reference, generous()).join();
            return fail("weighing " + reference + " should have failed");
        } catch (CompletionException e) {
            return e.getCause().getMessage();
        }
    }
}
