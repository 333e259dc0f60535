package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.PushedImage;
import io.weighbridge.testing.RecordingProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registries named by an IPv6 literal ({@code [::1]:port/app/small:1.0}): the fixture registries
 * reached through a {@link RecordingProxy} listening on the IPv6 loopback, so every request is
 * seen arriving at {@code [::1]}.
 */
class Ipv6RegistryIT {
    private static final Duration GENEROUS = Duration.ofSeconds(20);

    private final Fixtures fixtures = Fixtures.get();
    private final List<RegistryImageWeigher> weighers = new ArrayList<>();
    private Vertx vertx;

    @TempDir
    Path temp;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        weighers.forEach(RegistryImageWeigher::close);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private RegistryImageWeigher weigher(TestRegistryConfig config) {
        RegistryImageWeigher weigher =
                RegistryImageWeigher.builder(vertx, config).build();
        weighers.add(weigher);
        return weigher;
    }

    private static ImageReference at(RecordingProxy registry, PushedImage image) {
        return ImageReference.parse(registry.hostPort() + "/"
                + image.reference().repository() + ":" + image.reference().tag());
    }

    private static WeighingContext generous() {
        return new WeighingContext(Deadline.in(GENEROUS), "default");
    }

    @Test
    void weighsAnImageFromARegistryNamedByItsIpv6Address() {
        PushedImage small = fixtures.small();
        try (RecordingProxy registry = RecordingProxy.onIpv6Loopback(vertx, fixtures.plainRegistry())) {
            ImageReference reference = at(registry, small);
            assertTrue(reference.registry().startsWith("[::1]:"), reference.registry());

            ImageWeight weight = weigher(
                            TestRegistryConfig.forLocal(registry.hostPort()).withAllowedNetworks(List.of("::1/128")))
                    .weigh(reference, generous())
                    .join();

            assertEquals(small.digest(), weight.digest().toString());
            assertEquals(small.sizeBytes(), weight.sizeBytes());
            assertTrue(
                    registry.requests().stream().anyMatch(line -> line.contains("/v2/app/small/manifests/")),
                    registry.requests().toString());
        }
    }

    @Test
    void anIpv6RegistryGetsTheCredentialsKeyedByItsBracketedAddress() throws IOException {
        PushedImage secret = fixtures.privateImage();
        try (RecordingProxy registry = RecordingProxy.onIpv6Loopback(vertx, fixtures.authRegistry())) {
            String auth = Base64.getEncoder()
                    .encodeToString(
                            (fixtures.authUser() + ":" + fixtures.authPassword()).getBytes(StandardCharsets.UTF_8));
            Path authFile = Files.writeString(
                    temp.resolve("config.json"),
                    "{\"auths\": {\"" + registry.hostPort() + "\": {\"auth\": \"" + auth + "\"}}}");
            TestRegistryConfig config = TestRegistryConfig.forLocal(registry.hostPort())
                    .withAllowedNetworks(List.of("::1/128"))
                    .withAuthFile(authFile);

            ImageWeight weight =
                    weigher(config).weigh(at(registry, secret), generous()).join();

            assertEquals(secret.digest(), weight.digest().toString());
            assertEquals(secret.sizeBytes(), weight.sizeBytes());
        }
    }

    @Test
    void theIpv6LoopbackIsRefusedBeforeAnyRequestUnlessAllowed() {
        try (RecordingProxy registry = RecordingProxy.onIpv6Loopback(vertx, fixtures.plainRegistry())) {
            ImageReference reference = at(registry, fixtures.small());

            CompletionException refused = assertThrows(
                    CompletionException.class,
                    () -> weigher(TestRegistryConfig.forLocal(registry.hostPort()))
                            .weigh(reference, generous())
                            .join());

            assertTrue(
                    refused.getCause().getMessage().contains("refused to contact ::1"),
                    refused.getCause().getMessage());
            assertEquals(List.of(), registry.requests());
        }
    }
}
