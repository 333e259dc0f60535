package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.weighbridge.image.registry.AddressGuard;
import io.weighbridge.image.registry.Cidr;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.PushedImage;
import io.weighbridge.testing.TestCertificates;
import io.weighbridge.testing.TestHosts;
import io.weighbridge.testing.TestProxy;
import io.weighbridge.testing.TestRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Egress through a real forward proxy (Debian's tinyproxy, started per test on a random port),
 * proved from the proxy's own log: an HTTPS registry is reached through CONNECT only, with the
 * registry's credentials inside the TLS tunnel and the proxy's in Proxy-Authorization; a NO_PROXY
 * registry never through it; a plain-HTTP registry as absolute-form requests; the address guard
 * refuses before the proxy is asked. The registry is the real docker-registry, over HTTPS on the
 * storage of the htpasswd fixture registry, named {@code registry.test}: the webhook resolves that
 * name through the guard's resolver seam, the proxy through {@code /etc/hosts} (loopback IP
 * literals are never proxied, so a name is needed).
 */
class EgressProxyIT {
    private static final String PROXY_USER = "egress";
    private static final String PROXY_PASSWORD = "proxy-secret-7";
    private static final String NAME = TestHosts.REGISTRY;

    @TempDir
    static Path dir;

    private static Fixtures fixtures;
    private static TestRegistry tlsRegistry;
    private static TestRegistry.Tls tls;
    private static Vertx vertx;
    private final List<RegistryImageWeigher> weighers = new ArrayList<>();
    private final List<TestProxy> proxies = new ArrayList<>();

    @BeforeAll
    static void startRegistry() {
        TestHosts.ensureLoopback(NAME);
        fixtures = Fixtures.get();
        tls = TestCertificates.selfSigned(dir, NAME);
        tlsRegistry = TestRegistry.startTlsOver(fixtures.authRegistry(), tls);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRegistry() {
        if (tlsRegistry != null) {
            tlsRegistry.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @AfterEach
    void stop() {
        weighers.forEach(RegistryImageWeigher::close);
        proxies.forEach(TestProxy::close);
    }

    @Test
    void anHttpsRegistryIsReachedOnlyThroughTheProxyAndItsCredentialsOnlyInsideTheTunnel() throws Exception {
        TestProxy proxy = proxy(TestProxy.startWithBasicAuth(PROXY_USER, PROXY_PASSWORD));
        String proxyUrl = "http://" + PROXY_USER + ":" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port();
        PushedImage image = fixtures.privateImage();
        ImageReference reference = onTlsRegistry(image);

        // Wrong proxy credentials: the proxy's answer, and never the password, in the message.
        String wrongUrl = "http://" + PROXY_USER + ":not-" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port();
        CompletionException denied = assertThrows(
                CompletionException.class, () -> weigh(weigher(https(wrongUrl, Optional.empty())), reference));
        // tinyproxy refuses a CONNECT with 401 (other requests with 407).
        assertTrue(
                denied.getCause().getMessage().matches(".*the proxy answered 40[17] .*"),
                denied.getCause().getMessage());
        assertFalse(
                denied.getCause().getMessage().contains(PROXY_PASSWORD),
                denied.getCause().getMessage());

        ImageWeight weight = weigh(weigher(https(proxyUrl, Optional.empty())), reference);

        // The registry answered with its own bytes: its htpasswd let the credentials in.
        assertEquals(image.digest(), weight.digest().toString());
        assertEquals(image.sizeBytes(), weight.sizeBytes());
        // The proxy let the request through: its own credentials arrived as Proxy-Authorization
        // (tinyproxy answers 407 without them). It saw tunnels to the registry by name, nothing else.
        List<String> relayed = proxy.requests();
        assertFalse(relayed.isEmpty(), "the proxy relayed nothing: " + proxy.log());
        assertEquals(
                List.of("CONNECT " + NAME + ":" + tlsRegistry.port() + " HTTP/1.1"),
                relayed.stream().distinct().toList(),
                String.join("\n", proxy.log()));
        String log = String.join("\n", proxy.log());
        assertFalse(log.contains("Authorization"), log);
        assertFalse(log.contains(fixtures.authPassword()), log);
        assertFalse(log.contains(PROXY_PASSWORD), log);

        // No way around the proxy: with it gone, the registry cannot be reached, and the message
        // names the proxy by host and port, never by its password.
        proxy.close();
        proxies.remove(proxy);
        CompletionException failed = assertThrows(
                CompletionException.class, () -> weigh(weigher(https(proxyUrl, Optional.empty())), reference));
        String message = failed.getCause().getMessage();
        assertTrue(message.contains("through proxy 127.0.0.1:" + proxy.port()), message);
        assertFalse(message.contains(PROXY_PASSWORD), message);
    }

    @Test
    void aNoProxyRegistryIsNeverReachedThroughTheProxy() throws Exception {
        TestProxy proxy = proxy(TestProxy.start());
        PushedImage image = fixtures.privateImage();

        ImageWeight weight =
                weigh(weigher(https(proxy.url(), Optional.of("localhost,.example.com,.test"))), onTlsRegistry(image));

        assertEquals(image.digest(), weight.digest().toString());
        assertEquals(List.of(), proxy.requests(), String.join("\n", proxy.log()));
    }

    @Test
    void aPlainHttpRegistryGoesThroughTheProxyAsAbsoluteFormRequests() throws Exception {
        TestProxy proxy = proxy(TestProxy.start());
        TestRegistry plain = fixtures.plainRegistry();
        PushedImage image = fixtures.small();
        String named = NAME + ":" + plain.port();
        RegistryConfig config = ConfigOverrides.of(TestRegistryConfig.forLocal(named))
                .proxy(Optional.of("none"), Optional.of(proxy.url()), Optional.empty());

        ImageWeight weight = weigh(weigher(config), ImageReference.parse(named + "/" + path(image)));

        assertEquals(image.digest(), weight.digest().toString());
        List<String> relayed = proxy.requests();
        assertFalse(relayed.isEmpty(), String.join("\n", proxy.log()));
        assertTrue(
                relayed.stream()
                        .allMatch(line -> line.matches("(GET|HEAD) http://" + NAME.replace(".", "\\.") + ":"
                                + plain.port() + "/v2/\\S+ HTTP/1\\.1")),
                String.join("\n", relayed));
    }

    @Test
    void theAddressGuardRefusesBeforeTheProxyIsAskedAndANameOnlyTheProxyResolvesIsTheProxysToRefuse() throws Exception {
        TestProxy proxy = proxy(TestProxy.start());
        RegistryConfig config = https(proxy.url(), Optional.empty());
        InetAddress metadata =
                InetAddress.getByAddress("metadata.test", new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254});
        // The default guard (no allowed networks) with names of our own: metadata.test is the cloud metadata address.
        AddressGuard guard = new AddressGuard(List.of(), host -> switch (host) {
            case "metadata.test" -> new InetAddress[] {metadata};
            case "10.1.2.3" -> new InetAddress[] {InetAddress.getByAddress(new byte[] {10, 1, 2, 3})};
            default -> throw new UnknownHostException(host);
        });
        RegistryImageWeigher weigher = register(
                RegistryImageWeigher.builder(vertx, config).addressGuard(guard).build());

        for (String refused : List.of("10.1.2.3/app:1", "metadata.test/app:1")) {
            CompletionException failure =
                    assertThrows(CompletionException.class, () -> weigh(weigher, ImageReference.parse(refused)));
            assertTrue(
                    failure.getCause().getMessage().contains("refused to contact"),
                    failure.getCause().getMessage());
        }
        assertEquals(List.of(), proxy.requests(), String.join("\n", proxy.log()));

        // A name this pod cannot resolve is the proxy's to resolve, and so to refuse.
        CompletionException unresolved = assertThrows(
                CompletionException.class,
                () -> weigh(weigher, ImageReference.parse("only-the-proxy-knows.invalid/app:1")));
        assertTrue(
                proxy.requests().contains("CONNECT only-the-proxy-knows.invalid:443 HTTP/1.1"),
                String.join("\n", proxy.log()));
        assertTrue(
                unresolved.getCause().getMessage().contains("the proxy answered"),
                unresolved.getCause().getMessage());
        assertTrue(
                unresolved.getCause().getMessage().contains("through proxy 127.0.0.1:" + proxy.port()),
                unresolved.getCause().getMessage());
    }

    private TestProxy proxy(TestProxy started) {
        proxies.add(started);
        return started;
    }

    private static String path(PushedImage image) {
        String reference = image.reference().toString();
        return reference.substring(reference.indexOf('/') + 1);
    }

    private static ImageReference onTlsRegistry(PushedImage image) {
        return ImageReference.parse(NAME + ":" + tlsRegistry.port() + "/" + path(image));
    }

    /** HTTPS only (no plain-HTTP host), the test certificate trusted, the registry's credentials in a config.json. */
    private RegistryConfig https(String httpsProxy, Optional<String> noProxy) throws Exception {
        String auth = Base64.getEncoder()
                .encodeToString((fixtures.authUser() + ":" + fixtures.authPassword()).getBytes(StandardCharsets.UTF_8));
        Path authFile = Files.writeString(
                dir.resolve("config-" + System.nanoTime() + ".json"),
                "{\"auths\":{\"" + NAME + ":" + tlsRegistry.port() + "\":{\"auth\":\"" + auth + "\"}}}");
        return ConfigOverrides.of(TestRegistryConfig.forLocal("unused:1").withAuthFile(authFile))
                .plainHttp(List.of())
                .ca(tls.certificate())
                // The first TLS handshake of a cold JVM on a busy 2-core machine can take seconds.
                .timeout(Duration.ofSeconds(10))
                .proxy(Optional.of(httpsProxy), Optional.of("none"), noProxy);
    }

    /** registry.test is 127.0.0.1 for the guard of this weigher; the proxy finds it in /etc/hosts. */
    private RegistryImageWeigher weigher(RegistryConfig config) throws UnknownHostException {
        InetAddress loopback = InetAddress.getByAddress(NAME, new byte[] {127, 0, 0, 1});
        AddressGuard guard = new AddressGuard(List.of(Cidr.parse("127.0.0.1/32")), host -> {
            if (host.equals(NAME)) {
                return new InetAddress[] {loopback};
            }
            throw new UnknownHostException(host);
        });
        return register(
                RegistryImageWeigher.builder(vertx, config).addressGuard(guard).build());
    }

    private RegistryImageWeigher register(RegistryImageWeigher weigher) {
        weighers.add(weigher);
        return weigher;
    }

    private static ImageWeight weigh(RegistryImageWeigher weigher, ImageReference reference) {
        return weigher.weigh(reference, new WeighingContext(Deadline.in(Duration.ofSeconds(20)), "default"))
                .join();
    }
}
