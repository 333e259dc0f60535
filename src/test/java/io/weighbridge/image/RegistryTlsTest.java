package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.weighbridge.image.registry.AddressGuard;
import io.weighbridge.image.registry.Cidr;
import io.weighbridge.image.registry.MediaTypes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS to a registry whose name resolves (through the AddressGuard's resolver seam) to
 * 127.0.0.1: the connection goes to the checked address, yet the certificate is verified against
 * the registry's name, with a CA from {@code weighbridge.registry.ca-file}. Certificates are made
 * with {@code keytool} at test time.
 */
class RegistryTlsTest {
    private static final String PASSWORD = "changeit";
    private final byte[] config = "{\"os\":\"linux\",\"architecture\":\"amd64\"}".getBytes(StandardCharsets.UTF_8);
    private final Digest configDigest = Digest.sha256Of(config);
    private final byte[] manifest =
            ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                            + configDigest
                            + "\",\"size\":" + config.length + "},\"layers\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
    private final Digest manifestDigest = Digest.sha256Of(manifest);

    @TempDir
    Path dir;

    private Vertx vertx;
    private RegistryImageWeigher weigher;
    /** Every request that reached a server: whether it came over TLS, and its line. */
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** Connection-level failures the servers saw (a plain-HTTP attempt on a TLS port shows up here). */
    private final List<Throwable> serverFailures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        if (weigher != null) {
            weigher.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private Path keyPair(String alias, String san) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        run(
                "keytool",
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + alias,
                "-ext",
                "SAN=" + san,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        return store;
    }

    private Path exportPem(Path store, String alias) throws Exception {
        Path pem = dir.resolve(alias + ".pem");
        run(
                "keytool",
                "-exportcert",
                "-rfc",
                "-alias",
                alias,
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                pem.toString());
        return pem;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, process.exitValue(), output);
    }

    private int serve(Path keyStore) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                        .setSsl(true)
                        .setKeyCertOptions(
                                new PfxOptions().setPath(keyStore.toString()).setPassword(PASSWORD)))
                .exceptionHandler(serverFailures::add)
                .requestHandler(request -> {
                    requests.add((request.isSSL() ? "tls " : "PLAIN ") + request.method() + " " + request.path());
                    String path = request.path();
                    if (path.equals("/v2/app/manifests/1")) {
                        request.response()
                                .putHeader("Docker-Content-Digest", manifestDigest.toString())
                                .putHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                                .end(io.vertx.core.buffer.Buffer.buffer(manifest));
                    } else if (path.equals("/v2/app/manifests/" + manifestDigest)) {
                        request.response()
                                .putHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                                .end(io.vertx.core.buffer.Buffer.buffer(manifest));
                    } else if (path.equals("/v2/app/blobs/" + configDigest)) {
                        request.response().end(io.vertx.core.buffer.Buffer.buffer(config));
                    } else {
                        request.response().setStatusCode(404).end();
                    }
                });
        return server.listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .join()
                .actualPort();
    }

    /** registry.test is 127.0.0.1 for this weigher, and only for it; no plain-HTTP hosts at all. */
    private RegistryImageWeigher weigherTrusting(Path caFile) throws UnknownHostException {
        InetAddress loopback = InetAddress.getByAddress("registry.test", new byte[] {127, 0, 0, 1});
        AddressGuard guard = new AddressGuard(List.of(Cidr.parse("127.0.0.1/32")), host -> {
            if (host.equals("registry.test")) {
                return new InetAddress[] {loopback};
            }
            throw new UnknownHostException(host);
        });
        RegistryConfig config = ConfigOverrides.of(TestRegistryConfig.forLocal("unused:1"))
                .plainHttp(List.of())
                .ca(caFile)
                // The first TLS handshake of a cold JVM on a busy 2-core machine can take seconds; this test is about
                // trust.
                .timeout(Duration.ofSeconds(10));
        return RegistryImageWeigher.builder(vertx, config).addressGuard(guard).build();
    }

    private static WeighingContext within(Duration duration) {
        return new WeighingContext(Deadline.in(duration), "default");
    }

    @Test
    void verifiesTheRegistryNameWhileConnectingToTheCheckedAddress() throws Exception {
        Path good = keyPair("registry.test", "dns:registry.test,ip:127.0.0.1");
        Path other = keyPair("other.test", "dns:other.test");
        // Both certificates are trusted as CAs: only the name can make the second one fail.
        Path cas = dir.resolve("cas.pem");
        Files.writeString(
                cas,
                Files.readString(exportPem(good, "registry.test")) + Files.readString(exportPem(other, "other.test")));
        int goodPort = serve(good);
        int otherPort = serve(other);
        weigher = weigherTrusting(cas);

        ImageWeight weight = weigher.weigh(
                        ImageReference.parse("registry.test:" + goodPort + "/app:1"), within(Duration.ofSeconds(10)))
                .join();
        assertEquals(manifestDigest.toString(), weight.digest().toString());
        int answered = requests.size();
        assertTrue(answered >= 3, requests.toString());

        ImageReference impostor = ImageReference.parse("registry.test:" + otherPort + "/app:1");
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                CompletionException.class,
                () -> weigher.weigh(impostor, within(Duration.ofSeconds(10))).join());
        assertInstanceOf(WeighingException.class, refused.getCause());
        String message = refused.getCause().getMessage();
        System.out.println("wrong-name certificate: " + message);
        assertTrue(
                message.startsWith("cannot weigh " + impostor + ": resolving tag 1: TLS with registry.test:" + otherPort
                                + " failed (")
                        && message.contains("registry.test"),
                message);
        assertFalse(message.contains("\n"), "one line");
        assertEquals(answered, requests.size(), "a request reached the impostor: " + requests);

        // No fallback to plain HTTP, to either server: every request came over TLS, and no server saw a plain one.
        assertTrue(requests.stream().allMatch(line -> line.startsWith("tls ")), requests.toString());
        assertTrue(
                serverFailures.stream().noneMatch(f -> f instanceof io.netty.handler.ssl.NotSslRecordException),
                serverFailures.toString());
    }

    @Test
    void withoutTheCaTheSameServerIsRefused() throws Exception {
        Path good = keyPair("registry.test", "dns:registry.test,ip:127.0.0.1");
        Path unrelated = exportPem(keyPair("unrelated.test", "dns:unrelated.test"), "unrelated.test");
        int port = serve(good);
        weigher = weigherTrusting(unrelated);
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                CompletionException.class,
                () -> weigher.weigh(
                                ImageReference.parse("registry.test:" + port + "/app:1"),
                                within(Duration.ofSeconds(10)))
                        .join());
        String message = refused.getCause().getMessage();
        assertTrue(message.contains("TLS with registry.test:" + port + " failed"), message);
        assertEquals(List.of(), requests);
    }
}
