package io.weighbridge.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.http.HttpMethod;
import io.weighbridge.image.Credential;
import io.weighbridge.image.HeapBytes;
import io.weighbridge.image.registry.RegistryRequest.BoundAuthorization;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Authorizations once obtained, and Bearer tokens from the token service a challenge names.
 * Cached per registry, repository and credential identity, so a token obtained with one
 * namespace's pull secret never serves another; bounded by {@link #MAX_BYTES} of heap (tokens
 * are JWTs of a few KiB) and by their own lifetime, at most {@link #MAX_LIFETIME}.
 */
final class Tokens {
    /** Heap the cached authorizations may hold. */
    static final long MAX_BYTES = 2L * 1024 * 1024;

    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    private static final long MAX_TOKEN_BYTES = 1024 * 1024;
    private static final long DEFAULT_TOKEN_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whose authorization: registry, repository and the identity of the credential that obtained it. */
    record Key(String registry, String repository, String credentialIdentity) {}

    private record Cached(BoundAuthorization authorization, Instant expires) {
        boolean fresh() {
            return Instant.now().isBefore(expires);
        }
    }

    /** A token and how long to use it. */
    record Token(String value, Duration lifetime) {
        @Override
        public String toString() {
            return "Token[" + lifetime + "]";
        }
    }

    private final Cache<Key, Cached> cache = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((Key key, Cached value) -> HeapBytes.weight(HeapBytes.CACHE_ENTRY
                    + 3 * HeapBytes.SMALL_OBJECT
                    + HeapBytes.text(key.registry())
                    + HeapBytes.text(key.repository())
                    + HeapBytes.text(key.credentialIdentity())
                    + HeapBytes.text(value.authorization().origin())
                    + HeapBytes.text(value.authorization().headerValue())))
            .expireAfterWrite(MAX_LIFETIME)
            .build();
    private final Transport transport;

    /** @param transport the layers below authentication, which the token requests go through too */
    Tokens(Transport transport) {
        this.transport = transport;
    }

    Optional<BoundAuthorization> cached(Key key) {
        Cached cached = cache.getIfPresent(key);
        return cached != null && cached.fresh() ? Optional.of(cached.authorization()) : Optional.empty();
    }

    void remember(Key key, BoundAuthorization authorization, Duration lifetime) {
        cache.put(key, new Cached(authorization, Instant.now().plus(lifetime)));
    }

    void forget(Key key) {
        cache.invalidate(key);
    }

    /**
     * Asks the realm a Bearer challenge names for a token for {@code scope}, with {@code credential}
     * when it is not anonymous; {@code like} lends its deadline and pace.
     */
    CompletableFuture<Token> fetch(
            URI realm, AuthChallenge challenge, String scope, Credential credential, RegistryRequest like) {
        StringBuilder query = new StringBuilder(realm.getRawQuery() == null ? "" : realm.getRawQuery());
        challenge.parameter("service").ifPresent(value -> appendParameter(query, "service", value));
        appendParameter(query, "scope", scope);
        URI tokenUri = URI.create(realm.getScheme() + "://" + realm.getRawAuthority()
                + (realm.getRawPath() == null || realm.getRawPath().isEmpty() ? "/" : realm.getRawPath()) + "?"
                + query);
        Optional<BoundAuthorization> basic = credential.anonymous()
                ? Optional.empty()
                : Optional.of(
                        new BoundAuthorization(RegistryRequest.origin(tokenUri), credential.basicAuthorization()));
        RegistryRequest request = new RegistryRequest(
                HttpMethod.GET,
                tokenUri,
                Map.of(),
                basic,
                MAX_TOKEN_BYTES,
                false,
                "fetching token",
                like.deadline(),
                like.pace(),
                like.waits(),
                Optional.empty(),
                Optional.empty());
        return transport.send(request).thenApply(response -> {
            if (!response.successful()) {
                throw new RegistryException("token service " + RegistryRequest.hostAndPort(tokenUri) + " answered "
                        + RegistryErrorBody.describe(response.status(), response.body()));
            }
            return parse(response.body());
        });
    }

    static Token parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new RegistryException("token service answered with invalid JSON");
        }
        String token = root == null ? "" : root.path("token").asText("");
        if (token.isEmpty() && root != null) {
            token = root.path("access_token").asText("");
        }
        if (token.isEmpty()) {
            throw new RegistryException("token service answered without a token");
        }
        long seconds = root.path("expires_in").asLong(DEFAULT_TOKEN_SECONDS);
        Duration lifetime = Duration.ofSeconds(Math.max(1, seconds));
        // Renew a little before the registry would refuse the token.
        lifetime = lifetime.compareTo(MAX_LIFETIME) > 0
                ? MAX_LIFETIME
                : lifetime.multipliedBy(9).dividedBy(10);
        return new Token(token, lifetime);
    }

    private static void appendParameter(StringBuilder query, String name, String value) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
