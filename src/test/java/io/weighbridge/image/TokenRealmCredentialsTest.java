package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.weighbridge.image.registry.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which token realms receive a registry's credentials: a realm on the registry's own host, or one
 * that {@code weighbridge.registry.token-realms} names for that registry; any other realm is asked
 * for an anonymous token, and the credential stays home. The registry and its realms are
 * {@link ScriptedRegistry} instances on 127.0.0.1 and 127.0.0.2, which are different hosts.
 *
 * <p>Before: the realm on 127.0.0.2 received the Basic credentials of the registry on 127.0.0.1,
 * as Docker sends them, while the README said credentials go only to their registry.
 */
class TokenRealmCredentialsTest {
    private static final String USER = "robot";
    private static final String PASSWORD = "s3cret-pass";
    private static final String BASIC =
            "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private Vertx vertx;
    private ScriptedRegistry registry;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final byte[] config = "{\"os\":\"linux\",\"architecture\":\"amd64\"}".getBytes(StandardCharsets.UTF_8);
    private final Digest configDigest = Digest.sha256Of(config);
    private byte[] manifest;
    private Digest manifestDigest;

    @BeforeEach
    void start() throws IOException {
        vertx = Vertx.vertx();
        registry = new ScriptedRegistry();
        manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + configDigest
                        + "\",\"size\":" + config.length + "},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        manifestDigest = Digest.sha256Of(manifest);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        registry.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /**
     * The registry serves {@code private} only with the token the realm gives for the credential;
     * the realm gives another token to anonymous callers, which the registry refuses.
     */
    private ScriptedRegistry realmOn(String address) throws IOException {
        ScriptedRegistry realm = new ScriptedRegistry(address);
        closeables.add(realm);
        realm.on("GET /token", ex -> {
            String token =
                    BASIC.equals(ex.getRequestHeaders().getFirst("Authorization")) ? "robot-token" : "anonymous-token";
            ScriptedRegistry.respond(
                    ex,
                    200,
                    "application/json",
                    ("{\"token\":\"" + token + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8),
                    Map.of());
        });
        ScriptedRegistry.Handler guarded = ex -> {
            if ("Bearer robot-token".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                byte[] body = ex.getRequestURI().getPath().contains("/blobs/") ? config : manifest;
                ScriptedRegistry.respond(
                        ex,
                        200,
                        MediaTypes.OCI_MANIFEST,
                        body,
                        Map.of("Docker-Content-Digest", manifestDigest.toString()));
            } else {
                ScriptedRegistry.respond(
                        ex,
                        401,
                        "application/json",
                        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
                                .getBytes(StandardCharsets.UTF_8),
                        Map.of(
                                "WWW-Authenticate",
                                "Bearer realm=\"http://" + realm.hostPort()
                                        + "/token\",service=\"scripted\",scope=\"repository:private:pull\""));
            }
        };
        registry.on("HEAD /v2/private/manifests/1", guarded);
        registry.on("GET /v2/private/manifests/" + manifestDigest, guarded);
        registry.on("GET /v2/private/blobs/" + configDigest, guarded);
        return realm;
    }

    private RegistryImageWeigher weigher(ScriptedRegistry realm, List<String> tokenRealms) {
        RegistryConfig config = ConfigOverrides.of(TestRegistryConfig.forLocal(registry.hostPort())
                        .withAllowedNetworks(List.of("127.0.0.1/32", "127.0.0.2/32")))
                .plainHttp(List.of(registry.hostPort(), realm.hostPort()))
                .tokenRealms(tokenRealms);
        CredentialSource credentials = (registryName, repository, context) -> registryName.equals(registry.hostPort())
                ? Optional.of(new Credential("test:" + registry.hostPort(), USER, PASSWORD))
                : Optional.empty();
        RegistryImageWeigher weigher = RegistryImageWeigher.builder(vertx, config)
                .credentials(credentials)
                .build();
        closeables.add(weigher::close);
        return weigher;
    }

    private CompletionException failure(RegistryImageWeigher weigher) {
        try {
            weigher.weigh(ImageReference.parse(registry.hostPort() + "/private:1"), within())
                    .join();
            throw new AssertionError("weighed although the credential should have been withheld");
        } catch (CompletionException e) {
            assertInstanceOf(WeighingException.class, e.getCause());
            return e;
        }
    }

    private static WeighingContext within() {
        return new WeighingContext(Deadline.in(Duration.ofSeconds(10)), "default");
    }

    private static List<String> authorizationsSeenBy(ScriptedRegistry realm) {
        return realm.seen.stream()
                .map(line -> line.substring(line.indexOf(' ', line.indexOf(' ') + 1) + 1))
                .toList();
    }

    @Test
    void aRealmOnTheRegistrysOwnHostReceivesTheCredential() throws IOException {
        ScriptedRegistry realm = realmOn("127.0.0.1");

        ImageWeight weight = weigher(realm, List.of())
                .weigh(ImageReference.parse(registry.hostPort() + "/private:1"), within())
                .join();

        assertEquals(manifestDigest.toString(), weight.digest().toString());
        assertEquals(
                List.of(BASIC), authorizationsSeenBy(realm).stream().distinct().toList());
    }

    @Test
    void aRealmOnAnotherHostGetsNoCredentialAndTheMessageSaysWhy() throws IOException {
        ScriptedRegistry realm = realmOn("127.0.0.2");

        String message = failure(weigher(realm, List.of())).getCause().getMessage();

        System.out.println("realm on another host: " + message + "; the realm saw " + realm.seen);
        assertEquals(
                List.of("-"),
                authorizationsSeenBy(realm).stream().distinct().toList(),
                "the credential left for " + realm);
        assertTrue(
                message.contains("credentials from test:" + registry.hostPort() + " withheld from token realm "
                        + realm.hostPort()
                        + ": not the registry's host; name it in weighbridge.registry.token-realms)"),
                message);
        assertTrue(!message.contains(PASSWORD) && !message.contains(BASIC.substring(6)), message);
    }

    @Test
    void aRealmOnAnotherHostNamedForTheRegistryReceivesTheCredential() throws IOException {
        ScriptedRegistry realm = realmOn("127.0.0.2");

        ImageWeight weight = weigher(realm, List.of(registry.hostPort() + "=" + realm.hostPort()))
                .weigh(ImageReference.parse(registry.hostPort() + "/private:1"), within())
                .join();

        assertEquals(manifestDigest.toString(), weight.digest().toString());
        assertEquals(
                List.of(BASIC), authorizationsSeenBy(realm).stream().distinct().toList());
    }

    @Test
    void aRealmNamedForAnotherRegistryGetsNoCredential() throws IOException {
        ScriptedRegistry realm = realmOn("127.0.0.2");

        failure(weigher(realm, List.of("quay.io=" + realm.hostPort())));

        assertEquals(
                List.of("-"), authorizationsSeenBy(realm).stream().distinct().toList());
    }
}
