package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryImageWeigherFaultsTest {
    private Vertx vertx;
    private ScriptedRegistry registry;
    private RegistryImageWeigher weigher;

    private final byte[] config = """
            {"os":"linux","architecture":"amd64","history":[
              {"created_by":"/bin/sh -c #(nop) ADD file:x in / "},
              {"created_by":"/bin/sh -c apk add --no-cache curl"}]}""".getBytes(StandardCharsets.UTF_8);
    private final Digest configDigest = Digest.sha256Of(config);
    private final byte[] layer0 = new byte[] {1, 2, 3};
    private final byte[] layer1 = new byte[] {4, 5};
    private byte[] manifest;
    private Digest manifestDigest;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        registry = new ScriptedRegistry();
        manifest = ("""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":1000},
                           {"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":2000}]}""")
                .formatted(configDigest, config.length, Digest.sha256Of(layer0), Digest.sha256Of(layer1))
                .getBytes(StandardCharsets.UTF_8);
        manifestDigest = Digest.sha256Of(manifest);
        serveImage();
        weigher = new RegistryImageWeigher(vertx, TestRegistryConfig.forLocal(registry.hostPort()), CredentialSource.NONE);
    }

    @AfterEach
    void stop() {
        weigher.close();
        registry.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private void serveImage() {
        String repo = "/v2/app/";
        registry.on("HEAD " + repo + "manifests/1", ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest,
                Map.of("Docker-Content-Digest", manifestDigest.toString())));
        registry.on("GET " + repo + "manifests/" + manifestDigest, ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST,
                manifest, Map.of()));
        registry.on("GET " + repo + "blobs/" + configDigest, ex -> ScriptedRegistry.respond(ex, 200, "application/octet-stream",
                config, Map.of()));
        // Layers are not gzip: base detection reads them as tar, finds nothing and says scratch.
        registry.on("GET " + repo + "blobs/" + Digest.sha256Of(layer0), ex -> ScriptedRegistry.respond(ex, 200, null, new byte[1024], Map.of()));
        registry.on("GET " + repo + "blobs/" + Digest.sha256Of(layer1), ex -> ScriptedRegistry.respond(ex, 200, null, new byte[1024], Map.of()));
    }

    private ImageReference ref(String repoAndTag) {
        return ImageReference.parse(registry.hostPort() + "/" + repoAndTag);
    }

    private static WeighingContext within(Duration duration) {
        return new WeighingContext(Instant.now().plus(duration), "default");
    }

    private static String failureOf(CompletableFuture<ImageWeight> weighing) {
        try {
            weighing.join();
            throw new AssertionError("weighing should have failed");
        } catch (CompletionException e) {
            assertInstanceOf(WeighingException.class, e.getCause());
            return e.getCause().getMessage();
        }
    }

    @Test
    void weighsAnImageFromManifestDescriptorsAndHistory() {
        ImageWeight weight = weigher.weigh(ref("app:1"), within(Duration.ofSeconds(5))).join();
        assertEquals(manifestDigest.toString(), weight.digest());
        assertEquals("linux/amd64", weight.platform());
        assertEquals(config.length + 3000, weight.sizeBytes());
        assertEquals(List.of("ADD file:x in /", "RUN apk add --no-cache curl"),
                weight.layers().stream().map(Layer::createdBy).toList());
        assertEquals(BaseImage.SCRATCH, weight.base());
    }

    @Test
    void answersFromCacheWithoutAnyRequest() {
        weigher.weigh(ref("app:1"), within(Duration.ofSeconds(5))).join();
        int before = registry.requests.get();
        long started = System.nanoTime();
        ImageWeight warm = weigher.weigh(ref("app:1"), within(Duration.ofSeconds(5))).join();
        System.out.printf("warm weighing took %d µs%n", (System.nanoTime() - started) / 1000);
        assertEquals(before, registry.requests.get());
        assertEquals(manifestDigest.toString(), warm.digest());
    }

    @Test
    void concurrentWeighingsShareOneFetch() {
        List<CompletableFuture<ImageWeight>> weighings = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> weigher.weigh(ref("app:1"), within(Duration.ofSeconds(5))))
                .toList();
        weighings.forEach(CompletableFuture::join);
        // HEAD, manifest, config, and two layers for base detection: once, not twenty times.
        assertEquals(5, registry.requests.get());
    }

    @Test
    void answersByTheDeadlineWhenTheRegistryHangs() {
        registry.on("HEAD /v2/slow/manifests/1", ex -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        long started = System.nanoTime();
        String message = failureOf(weigher.weigh(ref("slow:1"), within(Duration.ofMillis(500))));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < 700, "took " + tookMillis + " ms");
        assertTrue(message.contains("deadline passed while resolving tag 1"), message);
        assertTrue(message.contains(registry.hostPort() + "/slow:1"), message);
    }

    @Test
    void refusesAManifestThatDoesNotMatchItsDigest() {
        Digest lie = Digest.sha256Of("something else".getBytes(StandardCharsets.UTF_8));
        registry.on("HEAD /v2/liar/manifests/1", ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest,
                Map.of("Docker-Content-Digest", lie.toString())));
        registry.on("GET /v2/liar/manifests/" + lie, ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of()));
        String message = failureOf(weigher.weigh(ref("liar:1"), within(Duration.ofSeconds(5))));
        assertTrue(message.contains("does not match its digest"), message);
    }

    @Test
    void refusesOversizedManifestsWithoutReadingThem() {
        Digest big = Digest.sha256Of(new byte[] {42});
        registry.on("GET /v2/big/manifests/" + big, ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST,
                new byte[5 * 1024 * 1024], Map.of()));
        String message = failureOf(weigher.weigh(ref("big@" + big), within(Duration.ofSeconds(5))));
        assertTrue(message.contains("above the limit of 4194304 bytes"), message);
    }

    @Test
    void refusesRedirectsToCloudMetadata() {
        Digest digest = Digest.sha256Of(new byte[] {43});
        registry.on("GET /v2/hop/manifests/" + digest, ex -> ScriptedRegistry.respond(ex, 307, null, new byte[0],
                Map.of("Location", "http://169.254.169.254/latest/meta-data/")));
        String message = failureOf(weigher.weigh(ref("hop@" + digest), within(Duration.ofSeconds(5))));
        assertTrue(message.contains("169.254.169.254") && message.contains("plain HTTP"), message);
    }

    @Test
    void refusesRedirectsToForbiddenAddressesEvenOverHttps() {
        Digest digest = Digest.sha256Of(new byte[] {44});
        registry.on("GET /v2/hop/manifests/" + digest, ex -> ScriptedRegistry.respond(ex, 302, null, new byte[0],
                Map.of("Location", "https://10.0.0.1/secret")));
        String message = failureOf(weigher.weigh(ref("hop@" + digest), within(Duration.ofSeconds(5))));
        assertTrue(message.contains("refused to contact 10.0.0.1: 10.0.0.1 is a private (RFC 1918) address"), message);
    }

    @Test
    void refusesTokenRealmsOnCloudMetadata() {
        registry.on("HEAD /v2/locked/manifests/1", ex -> ScriptedRegistry.respond(ex, 401, null, new byte[0],
                Map.of("WWW-Authenticate", "Bearer realm=\"https://169.254.169.254/token\",service=\"x\"")));
        String message = failureOf(weigher.weigh(ref("locked:1"), within(Duration.ofSeconds(5))));
        assertTrue(message.contains("169.254.169.254 is a cloud metadata address"), message);
    }

    @Test
    void refusesSchemaOneManifests() {
        byte[] schema1 = "{\"schemaVersion\":1,\"name\":\"old\",\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8);
        registry.on("HEAD /v2/old/manifests/1", ex -> ScriptedRegistry.respond(ex, 200, null, new byte[0], Map.of()));
        registry.on("GET /v2/old/manifests/1", ex -> ScriptedRegistry.respond(ex, 200,
                "application/vnd.docker.distribution.manifest.v1+prettyjws", schema1, Map.of()));
        String message = failureOf(weigher.weigh(ref("old:1"), within(Duration.ofSeconds(5))));
        assertTrue(message.endsWith("schema 1 manifest carries no layer sizes; cannot weigh"), message);
    }

    @Test
    void reportsTheRegistryErrorCodeAndRemembersFailuresBriefly() {
        String message = failureOf(weigher.weigh(ref("missing:1"), within(Duration.ofSeconds(5))));
        assertEquals("cannot weigh " + registry.hostPort() + "/missing:1: fetching manifest 1: HTTP 404 MANIFEST_UNKNOWN: manifest unknown",
                message);
        int before = registry.requests.get();
        assertEquals(message, failureOf(weigher.weigh(ref("missing:1"), within(Duration.ofSeconds(5)))));
        assertEquals(before, registry.requests.get());
    }

    @Test
    void refusesLoopbackRegistriesUnlessAllowed() {
        RegistryImageWeigher strict = new RegistryImageWeigher(vertx,
                TestRegistryConfig.forLocal(registry.hostPort()).withAllowedNetworks(List.of()), CredentialSource.NONE);
        try {
            String message = failureOf(strict.weigh(ref("app:1"), within(Duration.ofSeconds(5))));
            assertTrue(message.contains("127.0.0.1 is a loopback address"), message);
            assertEquals(0, registry.requests.get());
        } finally {
            strict.close();
        }
    }

    @Test
    void retriesUnavailableRegistriesWithinTheDeadline() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        registry.on("HEAD /v2/flaky/manifests/1", ex -> {
            if (calls.incrementAndGet() == 1) {
                ScriptedRegistry.respond(ex, 503, null, new byte[0], Map.of("Retry-After", "0"));
            } else {
                ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of("Docker-Content-Digest", manifestDigest.toString()));
            }
        });
        registry.on("GET /v2/flaky/manifests/" + manifestDigest, ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of()));
        registry.on("GET /v2/flaky/blobs/" + configDigest, ex -> ScriptedRegistry.respond(ex, 200, null, config, Map.of()));
        assertEquals(manifestDigest.toString(), weigher.weigh(ref("flaky:1"), within(Duration.ofSeconds(5))).join().digest());
        assertEquals(2, calls.get());
    }
}
