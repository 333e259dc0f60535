package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.weighbridge.image.registry.AddressGuard;
import io.weighbridge.image.registry.Cidr;
import io.weighbridge.image.registry.MediaTypes;
import io.weighbridge.image.registry.RegistryCall;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults a real registry will not produce, from {@link ScriptedRegistry}. The {@code admits…} tests
 * run a whole admission (the real {@link DefaultPolicyEngine}, a policy with
 * {@code onRegistryError: deny}) against a {@value #DEADLINE_MILLIS} ms deadline, print
 * {@code fault=… took=…ms deadline=…ms} and assert the reason that only the guard produces, so
 * each fails when its guard is removed: {@code bench/guard-mutations/run} removes each guard and
 * shows it. The table is printed after the class as well.
 *
 * <p>Measured on the shared 2-core build machine, one run (admission deadline 1000 ms; per-request
 * timeout 400 ms for hang; every verdict deny = onRegistryError):
 * <pre>
 * hang 406 · reset 786 (3 attempts) · http-500 10 · 429-retry-after-30s 308 (first test, cold JIT)
 * garbage-json 15 · endless-body 145 · digest-mismatch 9 · redirect-loop 79 · redirect-to-127.0.0.1 11
 * token-realm-169.254.169.254 28 · bearer-realm-plain-http 46 · schema-1 16 · slow-body (400 ms timeout) 407
 * </pre>
 */
class RegistryImageWeigherFaultsTest {
    static final long DEADLINE_MILLIS = 1000;
    /** Scheduling slack on a busy 2-core machine: the answer must come by the deadline plus this. */
    private static final long SLACK_MILLIS = 150;

    private static final Map<String, String> TIMINGS = new ConcurrentSkipListMap<>();
    private static final PolicySet DENY_ON_ERROR = policies();

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

    /**
     * Loads and links the client, transport and engine once before any timing is taken: on a busy
     * machine the first weighing of a JVM spends most of a 1 s deadline on class loading alone.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        Vertx warmVertx = Vertx.vertx();
        try (ScriptedRegistry warmRegistry = new ScriptedRegistry()) {
            RegistryImageWeigher warmWeigher = RegistryImageWeigher.builder(
                            warmVertx, TestRegistryConfig.forLocal(warmRegistry.hostPort()))
                    .build();
            new DefaultPolicyEngine(warmWeigher, () -> DENY_ON_ERROR)
                    .evaluate(new EvaluationRequest(
                            "default",
                            "Pod",
                            List.of(ImageUse.of(warmRegistry.hostPort() + "/warm-up:1")),
                            null,
                            Deadline.in(Duration.ofSeconds(20))))
                    .join();
            warmWeigher.close();
        } finally {
            warmVertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

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
        weigher = RegistryImageWeigher.builder(vertx, TestRegistryConfig.forLocal(registry.hostPort()))
                .build();
    }

    private final List<AutoCloseable> closeables = new java.util.ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        weigher.close();
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        registry.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterAll
    static void printTimings() {
        StringBuilder table = new StringBuilder("fault timings (admission deadline " + DEADLINE_MILLIS + " ms):\n");
        TIMINGS.forEach((fault, line) -> table.append(String.format("  %-28s %s%n", fault, line)));
        System.out.print(table);
    }

    private static PolicySet policies() {
        try {
            return PolicyLoader.parse("""
                    apiVersion: weighbridge.io/v1alpha1
                    kind: ImageSizePolicy
                    metadata:
                      name: faults
                    spec:
                      onRegistryError: deny
                      rules:
                        - name: hard-cap
                          maxSize: 5Gi
                          action: deny
                    """, "faults.yaml");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One admission of a Pod running {@code image}, judged by the real engine within the deadline:
     * asserts it answers in time with the onRegistryError verdict, prints and records the timing,
     * and answers the reason given.
     */
    private String admit(String fault, RegistryImageWeigher judge, ImageReference image) {
        DefaultPolicyEngine engine = new DefaultPolicyEngine(judge, () -> DENY_ON_ERROR);
        long started = System.nanoTime();
        Evaluation evaluation = engine.evaluate(new EvaluationRequest(
                        "default",
                        "Pod",
                        List.of(ImageUse.of(image.toString())),
                        null,
                        Deadline.in(Duration.ofMillis(DEADLINE_MILLIS))))
                .join();
        long took = (System.nanoTime() - started) / 1_000_000;
        String reason = evaluation.findings().map(Finding::message).collect(Collectors.joining(" | "));
        System.out.printf(
                "fault=%s took=%dms deadline=%dms verdict=%s reason=%s%n",
                fault, took, DEADLINE_MILLIS, evaluation.verdict().id(), reason);
        TIMINGS.put(
                fault, String.format("%5d ms  %s", took, evaluation.verdict().id()));
        assertTrue(took <= DEADLINE_MILLIS + SLACK_MILLIS, fault + " took " + took + " ms");
        assertEquals(Action.DENY, evaluation.verdict(), reason);
        assertTrue(evaluation.findings().allMatch(f -> f.rule().equals("registry-error")), reason);
        return reason;
    }

    private void serveImage() {
        serveImage(registry);
    }

    private void serveImage(ScriptedRegistry registry) {
        String repo = "/v2/app/";
        registry.on(
                "HEAD " + repo + "manifests/1",
                ex -> ScriptedRegistry.respond(
                        ex,
                        200,
                        MediaTypes.OCI_MANIFEST,
                        manifest,
                        Map.of("Docker-Content-Digest", manifestDigest.toString())));
        registry.on(
                "GET " + repo + "manifests/" + manifestDigest,
                ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of()));
        registry.on(
                "GET " + repo + "blobs/" + configDigest,
                ex -> ScriptedRegistry.respond(ex, 200, "application/octet-stream", config, Map.of()));
        // Layers are not gzip: base detection reads them as tar, finds nothing and says scratch.
        registry.on(
                "GET " + repo + "blobs/" + Digest.sha256Of(layer0),
                ex -> ScriptedRegistry.respond(ex, 200, null, new byte[1024], Map.of()));
        registry.on(
                "GET " + repo + "blobs/" + Digest.sha256Of(layer1),
                ex -> ScriptedRegistry.respond(ex, 200, null, new byte[1024], Map.of()));
    }

    private ImageReference ref(String repoAndTag) {
        return ImageReference.parse(registry.hostPort() + "/" + repoAndTag);
    }

    private static WeighingContext within(Duration duration) {
        return new WeighingContext(Deadline.in(duration), "default");
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
        ImageWeight weight =
                weigher.weigh(ref("app:1"), within(Duration.ofSeconds(5))).join();
        assertEquals(manifestDigest.toString(), weight.digest().toString());
        assertEquals("linux/amd64", weight.platform());
        assertEquals(config.length + 3000, weight.sizeBytes());
        assertEquals(
                List.of("ADD file:x in /", "RUN apk add --no-cache curl"),
                weight.layers().stream().map(Layer::createdBy).toList());
        assertEquals(BaseImage.SCRATCH, weight.base());
    }

    @Test
    void answersFromCacheWithoutAnyRequest() {
        weigher.weigh(ref("app:1"), within(Duration.ofSeconds(5))).join();
        int before = registry.requests.get();
        long started = System.nanoTime();
        ImageWeight warm =
                weigher.weigh(ref("app:1"), within(Duration.ofSeconds(5))).join();
        System.out.printf("warm weighing took %d µs%n", (System.nanoTime() - started) / 1000);
        assertEquals(before, registry.requests.get());
        assertEquals(manifestDigest.toString(), warm.digest().toString());
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
        registry.on("HEAD /v2/slow/manifests/1", registry.stall());
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
        registry.on(
                "HEAD /v2/liar/manifests/1",
                ex -> ScriptedRegistry.respond(
                        ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of("Docker-Content-Digest", lie.toString())));
        registry.on(
                "GET /v2/liar/manifests/" + lie,
                ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of()));
        String message = failureOf(weigher.weigh(ref("liar:1"), within(Duration.ofSeconds(5))));
        assertTrue(message.contains("does not match its digest"), message);
    }

    @Test
    void refusesOversizedManifestsWithoutReadingThem() {
        Digest big = Digest.sha256Of(new byte[] {42});
        registry.on(
                "GET /v2/big/manifests/" + big,
                ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, new byte[5 * 1024 * 1024], Map.of()));
        String message = failureOf(weigher.weigh(ref("big@" + big), within(Duration.ofSeconds(5))));
        // Refused on the announced length, before a byte of the body is read.
        assertTrue(message.contains("answered 5242880 bytes, above the limit of 4194304 bytes"), message);
    }

    @Test
    void refusesAConfigAboveItsCapWithoutReadingIt() {
        byte[] bigConfig = ("{\"os\":\"linux\",\"architecture\":\"amd64\",\"padding\":\""
                        + " ".repeat((int) RegistryCall.MAX_CONFIG_BYTES) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Digest bigConfigDigest = Digest.sha256Of(bigConfig);
        byte[] bigManifest = new String(manifest, StandardCharsets.UTF_8)
                .replace(configDigest.toString(), bigConfigDigest.toString())
                .replace("\"size\":" + config.length, "\"size\":" + bigConfig.length)
                .getBytes(StandardCharsets.UTF_8);
        Digest bigManifestDigest = Digest.sha256Of(bigManifest);
        registry.on(
                "GET /v2/fat/manifests/" + bigManifestDigest,
                ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, bigManifest, Map.of()));
        registry.on(
                "GET /v2/fat/blobs/" + bigConfigDigest,
                ex -> ScriptedRegistry.respond(ex, 200, null, bigConfig, Map.of()));

        String message = failureOf(weigher.weigh(ref("fat@" + bigManifestDigest), within(Duration.ofSeconds(5))));

        assertTrue(
                message.contains("fetching config: http://" + registry.hostPort() + "/v2/fat/blobs/" + bigConfigDigest
                        + " answered " + bigConfig.length + " bytes, above the limit of "
                        + RegistryCall.MAX_CONFIG_BYTES + " bytes"),
                message);
    }

    @Test
    void retriesADroppedConnectionAtMostThreeTimesEvenWithTimeToSpare() {
        registry.on("HEAD /v2/reset/manifests/1", ex -> {
            throw new IOException("drop");
        });

        String message = failureOf(weigher.weigh(ref("reset:1"), within(Duration.ofSeconds(20))));

        assertTrue(message.contains("resolving tag 1: cannot connect to " + registry.hostPort()), message);
        assertEquals(3, registry.requests.get(), "attempts");
    }

    @Test
    void connectsToTheAddressTheGuardCheckedNotToASecondLookup() throws IOException {
        // "localhost" is 127.0.0.2 to the guard, which allows only that address; a second lookup
        // (the system's) would say 127.0.0.1, where a decoy listens on the same port.
        ScriptedRegistry checked = null;
        ScriptedRegistry decoy = null;
        for (int attempt = 0; decoy == null; attempt++) {
            checked = another("127.0.0.2");
            try {
                decoy = new ScriptedRegistry("127.0.0.1", checked.port());
                closeables.add(decoy);
            } catch (java.net.BindException portTakenOn127001) {
                assertTrue(attempt < 5, "no port free on both 127.0.0.1 and 127.0.0.2");
            }
        }
        serveImage(checked);
        java.net.InetAddress checkedAddress = java.net.InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 2});
        AddressGuard guard = new AddressGuard(List.of(Cidr.parse("127.0.0.2/32")), host -> {
            if (host.equals("localhost")) {
                return new java.net.InetAddress[] {checkedAddress};
            }
            throw new java.net.UnknownHostException(host);
        });
        String hostPort = "localhost:" + checked.port();
        RegistryImageWeigher judge = RegistryImageWeigher.builder(vertx, TestRegistryConfig.forLocal(hostPort))
                .addressGuard(guard)
                .build();
        closeables.add(judge::close);

        ImageWeight weight = judge.weigh(ImageReference.parse(hostPort + "/app:1"), within(Duration.ofSeconds(5)))
                .join();

        assertEquals(manifestDigest.toString(), weight.digest().toString());
        assertTrue(checked.requests.get() >= 3, "requests to the checked address: " + checked.requests.get());
        assertEquals(List.of(), decoy.seen, "a request went to the second lookup's address");
    }

    @Test
    void refusesRedirectsToCloudMetadata() {
        Digest digest = Digest.sha256Of(new byte[] {43});
        registry.on(
                "GET /v2/hop/manifests/" + digest,
                ex -> ScriptedRegistry.respond(
                        ex, 307, null, new byte[0], Map.of("Location", "http://169.254.169.254/latest/meta-data/")));
        String message = failureOf(weigher.weigh(ref("hop@" + digest), within(Duration.ofSeconds(5))));
        assertTrue(message.contains("169.254.169.254") && message.contains("plain HTTP"), message);
    }

    @Test
    void refusesRedirectsToForbiddenAddressesEvenOverHttps() {
        Digest digest = Digest.sha256Of(new byte[] {44});
        registry.on(
                "GET /v2/hop/manifests/" + digest,
                ex -> ScriptedRegistry.respond(
                        ex, 302, null, new byte[0], Map.of("Location", "https://10.0.0.1/secret")));
        String message = failureOf(weigher.weigh(ref("hop@" + digest), within(Duration.ofSeconds(5))));
        assertTrue(message.contains("refused to contact 10.0.0.1: 10.0.0.1 is a private (RFC 1918) address"), message);
    }

    @Test
    void refusesTokenRealmsOnCloudMetadata() {
        registry.on(
                "HEAD /v2/locked/manifests/1",
                ex -> ScriptedRegistry.respond(
                        ex,
                        401,
                        null,
                        new byte[0],
                        Map.of("WWW-Authenticate", "Bearer realm=\"https://169.254.169.254/token\",service=\"x\"")));
        String message = failureOf(weigher.weigh(ref("locked:1"), within(Duration.ofSeconds(5))));
        assertTrue(message.contains("169.254.169.254 is a cloud metadata address"), message);
    }

    @Test
    void refusesSchemaOneManifests() {
        byte[] schema1 = "{\"schemaVersion\":1,\"name\":\"old\",\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8);
        registry.on("HEAD /v2/old/manifests/1", ex -> ScriptedRegistry.respond(ex, 200, null, new byte[0], Map.of()));
        registry.on(
                "GET /v2/old/manifests/1",
                ex -> ScriptedRegistry.respond(
                        ex, 200, "application/vnd.docker.distribution.manifest.v1+prettyjws", schema1, Map.of()));
        String message = failureOf(weigher.weigh(ref("old:1"), within(Duration.ofSeconds(5))));
        assertTrue(message.endsWith("schema 1 manifest carries no layer sizes; cannot weigh"), message);
    }

    @Test
    void reportsTheRegistryErrorCodeAndRemembersFailuresBriefly() {
        String message = failureOf(weigher.weigh(ref("missing:1"), within(Duration.ofSeconds(5))));
        assertEquals(
                "cannot weigh " + registry.hostPort()
                        + "/missing:1: fetching manifest 1: HTTP 404 MANIFEST_UNKNOWN: \"manifest unknown\"",
                message);
        int before = registry.requests.get();
        assertEquals(message, failureOf(weigher.weigh(ref("missing:1"), within(Duration.ofSeconds(5)))));
        assertEquals(before, registry.requests.get());
    }

    @Test
    void refusesLoopbackRegistriesUnlessAllowed() {
        RegistryImageWeigher strict = RegistryImageWeigher.builder(
                        vertx, TestRegistryConfig.forLocal(registry.hostPort()).withAllowedNetworks(List.of()))
                .build();
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
                ScriptedRegistry.respond(
                        ex,
                        200,
                        MediaTypes.OCI_MANIFEST,
                        manifest,
                        Map.of("Docker-Content-Digest", manifestDigest.toString()));
            }
        });
        registry.on(
                "GET /v2/flaky/manifests/" + manifestDigest,
                ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of()));
        registry.on(
                "GET /v2/flaky/blobs/" + configDigest, ex -> ScriptedRegistry.respond(ex, 200, null, config, Map.of()));
        assertEquals(
                manifestDigest.toString(),
                weigher.weigh(ref("flaky:1"), within(Duration.ofSeconds(5)))
                        .join()
                        .digest()
                        .toString());
        assertEquals(2, calls.get());
    }

    @Test
    void aRequestThatWaitedForASlotHasItsWholeTimeoutOnceItHoldsOne() {
        // Alone, the registry may hold 4 of the 8 slots: the fifth HEAD waits some 700 ms for one, then
        // takes 700 ms itself. Its 1 s timeout counts from the slot, so it is answered, not timed out.
        int images = 5;
        for (int n = 0; n < images; n++) {
            String repo = "/v2/queued-" + n + "/";
            registry.on("HEAD " + repo + "manifests/1", ex -> {
                sleepQuietly(700);
                ScriptedRegistry.respond(
                        ex,
                        200,
                        MediaTypes.OCI_MANIFEST,
                        manifest,
                        Map.of("Docker-Content-Digest", manifestDigest.toString()));
            });
            registry.on(
                    "GET " + repo + "manifests/" + manifestDigest,
                    ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of()));
            registry.on(
                    "GET " + repo + "blobs/" + configDigest,
                    ex -> ScriptedRegistry.respond(ex, 200, null, config, Map.of()));
        }
        RegistryImageWeigher judge = weigher(
                ConfigOverrides.of(TestRegistryConfig.forLocal(registry.hostPort()))
                        .timeout(Duration.ofMillis(1000)),
                CredentialSource.NONE);

        List<CompletableFuture<ImageWeight>> weighings = java.util.stream.IntStream.range(0, images)
                .mapToObj(n -> judge.weigh(ref("queued-" + n + ":1"), within(Duration.ofSeconds(5))))
                .toList();

        for (CompletableFuture<ImageWeight> weighing : weighings) {
            assertEquals(manifestDigest.toString(), weighing.join().digest().toString());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- Admission-level faults: each answers within the deadline with onRegistryError (deny). ----

    private RegistryImageWeigher weigher(RegistryConfig config, CredentialSource credentials) {
        RegistryImageWeigher made = RegistryImageWeigher.builder(vertx, config)
                .credentials(credentials)
                .build();
        closeables.add(made::close);
        return made;
    }

    private ScriptedRegistry another(String bindAddress) throws IOException {
        ScriptedRegistry other = new ScriptedRegistry(bindAddress);
        closeables.add(other);
        return other;
    }

    private Digest anyDigest(String seed) {
        return Digest.sha256Of(seed.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void admitsOnTimeWhenTheRegistryAcceptsAndStalls() {
        registry.on("HEAD /v2/hang/manifests/1", registry.stall());
        RegistryImageWeigher judge = weigher(
                ConfigOverrides.of(TestRegistryConfig.forLocal(registry.hostPort()))
                        .timeout(Duration.ofMillis(400)),
                CredentialSource.NONE);
        String reason = admit("hang", judge, ref("hang:1"));
        // The per-request timeout, not the admission deadline, ended it; a timeout is not retried.
        assertTrue(
                reason.contains("resolving tag 1: " + registry.hostPort() + " did not answer within 400 ms"), reason);
        assertEquals(1, registry.requests.get());
    }

    @Test
    void admitsOnTimeWhenTheBodyTricklesInSlowerThanTheRequestTimeout() {
        // A byte every 50 ms: never idle long enough for a connection's idle timeout, yet the
        // request as a whole takes far longer than the 400 ms per-request timeout allows.
        Digest digest = anyDigest("trickle");
        registry.on("GET /v2/trickle/manifests/" + digest, ex -> {
            ex.getResponseHeaders().add("Content-Type", MediaTypes.OCI_MANIFEST);
            ex.sendResponseHeaders(200, 100_000);
            OutputStream body = ex.getResponseBody();
            for (int i = 0; i < 200; i++) {
                body.write(' ');
                body.flush();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
        RegistryImageWeigher judge = weigher(
                ConfigOverrides.of(TestRegistryConfig.forLocal(registry.hostPort()))
                        .timeout(Duration.ofMillis(400)),
                CredentialSource.NONE);
        String reason = admit("slow-body", judge, ref("trickle@" + digest));
        assertTrue(
                reason.contains("fetching manifest sha256:")
                        && reason.contains(registry.hostPort() + " did not answer within 400 ms"),
                reason);
    }

    @Test
    void admitsOnTimeWhenTheConnectionIsDroppedWithoutAnswer() {
        // The server closes the connection without a status line: to the client, a reset exchange.
        registry.on("HEAD /v2/reset/manifests/1", ex -> {
            throw new IOException("drop");
        });
        String reason = admit("reset", weigher, ref("reset:1"));
        assertTrue(
                reason.contains("resolving tag 1: cannot connect to " + registry.hostPort())
                        || reason.contains("deadline passed while resolving tag 1"),
                reason);
        // Retried as a connection failure, but at most MAX_ATTEMPTS times and only inside the deadline
        // (on a loaded machine the deadline may pass before the first retry: then one request is right).
        int atLeast = reason.contains("deadline passed") ? 1 : 2;
        assertTrue(
                registry.requests.get() >= atLeast && registry.requests.get() <= 3,
                "requests: " + registry.requests.get());
    }

    @Test
    void admitsOnTimeWhenTheRegistryAnswers500() {
        registry.on(
                "HEAD /v2/broken/manifests/1", ex -> ScriptedRegistry.respond(ex, 500, null, new byte[0], Map.of()));
        String reason = admit("http-500", weigher, ref("broken:1"));
        assertTrue(reason.contains("resolving tag 1: HTTP 500"), reason);
        assertEquals(1, registry.requests.get(), "a 500 is neither retried nor repeated as a GET");
    }

    @Test
    void admitsAtOnceWhenRetryAfterLiesBeyondTheDeadline() {
        registry.on(
                "HEAD /v2/limited/manifests/1",
                ex -> ScriptedRegistry.respond(ex, 429, null, new byte[0], Map.of("Retry-After", "30")));
        long started = System.nanoTime();
        String reason = admit("429-retry-after-30s", weigher, ref("limited:1"));
        long took = (System.nanoTime() - started) / 1_000_000;
        assertTrue(reason.contains("resolving tag 1: HTTP 429"), reason);
        assertEquals(1, registry.requests.get(), "no retry when Retry-After is past the deadline");
        // Waiting out Retry-After (or retrying blindly until the deadline) would take the whole budget.
        assertTrue(took < DEADLINE_MILLIS / 2, "gave up only after " + took + " ms");
    }

    @Test
    void honoursRetryAfterWithinTheDeadline() {
        List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
        registry.on("HEAD /v2/limited/manifests/1", ex -> {
            arrivals.add(System.nanoTime());
            if (arrivals.size() == 1) {
                ScriptedRegistry.respond(ex, 429, null, new byte[0], Map.of("Retry-After", "1"));
            } else {
                ScriptedRegistry.respond(
                        ex,
                        200,
                        MediaTypes.OCI_MANIFEST,
                        manifest,
                        Map.of("Docker-Content-Digest", manifestDigest.toString()));
            }
        });
        registry.on(
                "GET /v2/limited/manifests/" + manifestDigest,
                ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of()));
        registry.on(
                "GET /v2/limited/blobs/" + configDigest,
                ex -> ScriptedRegistry.respond(ex, 200, null, config, Map.of()));
        assertEquals(
                manifestDigest.toString(),
                weigher.weigh(ref("limited:1"), within(Duration.ofSeconds(5)))
                        .join()
                        .digest()
                        .toString());
        assertEquals(2, arrivals.size());
        long waitedMillis = (arrivals.get(1) - arrivals.get(0)) / 1_000_000;
        assertTrue(waitedMillis >= 1000, "retried after " + waitedMillis + " ms, before Retry-After: 1");
    }

    @Test
    void admitsOnTimeWhenTheManifestIsGarbage() {
        byte[] garbage = "{\"schemaVersion\": 2, \"layers\": [ oops".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256Of(garbage);
        registry.on(
                "GET /v2/garbage/manifests/" + digest,
                ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, garbage, Map.of()));
        String reason = admit("garbage-json", weigher, ref("garbage@" + digest));
        assertTrue(reason.contains("manifest is not valid JSON"), reason);
    }

    @Test
    void admitsOnTimeAndStopsReadingAnEndlessBody() throws Exception {
        Digest digest = anyDigest("endless");
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> serverStopped = new CompletableFuture<>();
        registry.on("GET /v2/endless/manifests/" + digest, ex -> {
            ex.getResponseHeaders().add("Content-Type", MediaTypes.OCI_MANIFEST);
            ex.sendResponseHeaders(200, 0); // chunked, no length announced
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try (OutputStream body = ex.getResponseBody()) {
                while (true) {
                    body.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException clientWentAway) {
                serverStopped.complete(null);
            }
        });
        String reason = admit("endless-body", weigher, ref("endless@" + digest));
        assertTrue(reason.contains("answered more, above the limit of 4194304 bytes"), reason);
        // The client hung up: the server's writes fail soon after the cap, not after gigabytes.
        serverStopped.get(10, TimeUnit.SECONDS);
        assertTrue(written.get() < 64L * 1024 * 1024, "server wrote " + written.get() + " bytes");
    }

    @Test
    void admitsOnTimeWhenTheManifestDoesNotMatchItsDigest() {
        Digest lie = anyDigest("something else");
        registry.on(
                "GET /v2/liar/manifests/" + lie,
                ex -> ScriptedRegistry.respond(
                        ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of("Docker-Content-Digest", lie.toString())));
        String reason = admit("digest-mismatch", weigher, ref("liar@" + lie));
        assertTrue(reason.contains("content does not match its digest " + lie), reason);
    }

    @Test
    void admitsOnTimeWhenRedirectsLoop() {
        Digest digest = anyDigest("loop");
        String path = "/v2/loop/manifests/" + digest;
        registry.on(
                "GET " + path, ex -> ScriptedRegistry.respond(ex, 302, null, new byte[0], Map.of("Location", path)));
        String reason = admit("redirect-loop", weigher, ref("loop@" + digest));
        assertTrue(reason.contains("more than 5 redirects from http://" + registry.hostPort() + path), reason);
        assertEquals(5 + 1, registry.requests.get(), "the first request and five redirects");
        assertTrue(!reason.contains("\n"), "one line");
    }

    @Test
    void admitsOnTimeAndNeverFollowsARedirectToLoopback() throws IOException {
        // The registry lives on 127.0.0.2, the only loopback address allowed; the redirect names 127.0.0.1.
        ScriptedRegistry allowed = another("127.0.0.2");
        Digest digest = anyDigest("to-loopback");
        allowed.on(
                "GET /v2/hop/manifests/" + digest,
                ex -> ScriptedRegistry.respond(
                        ex,
                        307,
                        null,
                        new byte[0],
                        Map.of("Location", "http://" + registry.hostPort() + "/v2/app/manifests/" + manifestDigest)));
        RegistryImageWeigher judge = weigher(
                ConfigOverrides.of(TestRegistryConfig.forLocal(allowed.hostPort())
                                .withAllowedNetworks(List.of("127.0.0.2/32")))
                        .plainHttp(List.of(allowed.hostPort(), registry.hostPort())),
                CredentialSource.NONE);
        String reason =
                admit("redirect-to-127.0.0.1", judge, ImageReference.parse(allowed.hostPort() + "/hop@" + digest));
        assertTrue(reason.contains("refused to contact 127.0.0.1: 127.0.0.1 is a loopback address"), reason);
        assertEquals(0, registry.requests.get(), "the redirect target was contacted");
    }

    @Test
    void admitsOnTimeAndRefusesATokenRealmOnCloudMetadata() {
        registry.on(
                "HEAD /v2/locked/manifests/1",
                ex -> ScriptedRegistry.respond(
                        ex,
                        401,
                        null,
                        new byte[0],
                        Map.of("WWW-Authenticate", "Bearer realm=\"https://169.254.169.254/token\",service=\"x\"")));
        String reason = admit("token-realm-169.254.169.254", weigher, ref("locked:1"));
        assertTrue(
                reason.contains("refused to contact 169.254.169.254: 169.254.169.254 is a cloud metadata address"),
                reason);
    }

    private CredentialSource secretFor(String hostPort) {
        return (registryName, repository, context) -> registryName.equals(hostPort)
                ? Optional.of(new Credential("test:" + hostPort, "robot", "s3cret-pass"))
                : Optional.empty();
    }

    @Test
    void admitsOnTimeAndSendsNoCredentialToAPlainHttpTokenRealm() throws IOException {
        ScriptedRegistry realm = another("127.0.0.1");
        registry.on(
                "HEAD /v2/locked/manifests/1",
                ex -> ScriptedRegistry.respond(
                        ex,
                        401,
                        null,
                        new byte[0],
                        Map.of(
                                "WWW-Authenticate",
                                "Bearer realm=\"http://" + realm.hostPort() + "/token\",service=\"x\"")));
        // The registry itself is plain HTTP by configuration; the realm's host is not.
        RegistryImageWeigher judge =
                weigher(TestRegistryConfig.forLocal(registry.hostPort()), secretFor(registry.hostPort()));
        String reason = admit("bearer-realm-plain-http", judge, ref("locked:1"));
        assertTrue(
                reason.contains("fetching token: refused plain HTTP to " + realm.hostPort()
                        + " (not listed in weighbridge.registry.plain-http)"),
                reason);
        assertEquals(List.of(), realm.seen, "the realm received a request");
        assertTrue(
                !reason.contains("s3cret")
                        && !reason.contains(java.util.Base64.getEncoder()
                                .encodeToString("robot:s3cret-pass".getBytes(StandardCharsets.UTF_8))),
                reason);
    }

    @Test
    void blobRedirectsToAnotherHostCarryNoAuthorization() throws IOException {
        ScriptedRegistry storage = another("127.0.0.1");
        byte[] notFound = new byte[0];
        ScriptedRegistry.Handler basicOnly = ex -> ScriptedRegistry.respond(
                ex, 401, null, notFound, Map.of("WWW-Authenticate", "Basic realm=\"registry\""));
        registry.on("HEAD /v2/private/manifests/1", ex -> {
            if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                basicOnly.handle(ex);
            } else {
                ScriptedRegistry.respond(
                        ex,
                        200,
                        MediaTypes.OCI_MANIFEST,
                        manifest,
                        Map.of("Docker-Content-Digest", manifestDigest.toString()));
            }
        });
        registry.on("GET /v2/private/manifests/" + manifestDigest, ex -> {
            if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                basicOnly.handle(ex);
            } else {
                ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of());
            }
        });
        for (Digest blob : List.of(configDigest, Digest.sha256Of(layer0), Digest.sha256Of(layer1))) {
            registry.on("GET /v2/private/blobs/" + blob, ex -> {
                if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                    basicOnly.handle(ex);
                } else {
                    ScriptedRegistry.respond(
                            ex,
                            307,
                            null,
                            new byte[0],
                            Map.of("Location", "http://" + storage.hostPort() + "/storage/" + blob + "?sig=abc"));
                }
            });
        }
        storage.on("GET /storage/" + configDigest, ex -> ScriptedRegistry.respond(ex, 200, null, config, Map.of()));
        RegistryImageWeigher judge = weigher(
                ConfigOverrides.of(TestRegistryConfig.forLocal(registry.hostPort()))
                        .plainHttp(List.of(registry.hostPort(), storage.hostPort())),
                secretFor(registry.hostPort()));

        ImageWeight weight =
                judge.weigh(ref("private:1"), within(Duration.ofSeconds(5))).join();

        assertEquals(manifestDigest.toString(), weight.digest().toString());
        assertTrue(
                registry.seen.stream()
                        .anyMatch(line -> line.endsWith(" Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString("robot:s3cret-pass".getBytes(StandardCharsets.UTF_8)))),
                "the registry itself got the credential: " + registry.seen);
        assertTrue(
                storage.seen.stream().anyMatch(line -> line.startsWith("GET /storage/" + configDigest)),
                storage.seen.toString());
        assertTrue(storage.seen.stream().allMatch(line -> line.endsWith(" -")), "credential leaked: " + storage.seen);
    }

    @Test
    void admitsOnTimeAndReportsSchemaOneAsUnweighable() {
        byte[] schema1 = "{\"schemaVersion\":1,\"name\":\"old\",\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256Of(schema1);
        registry.on(
                "GET /v2/old/manifests/" + digest,
                ex -> ScriptedRegistry.respond(
                        ex, 200, "application/vnd.docker.distribution.manifest.v1+prettyjws", schema1, Map.of()));
        String reason = admit("schema-1", weigher, ref("old@" + digest));
        assertTrue(reason.contains("schema 1 manifest carries no layer sizes; cannot weigh"), reason);
    }
}
