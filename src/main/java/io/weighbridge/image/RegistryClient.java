package io.weighbridge.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.http.HttpMethod;
import io.weighbridge.image.RegistryRequest.BoundAuthorization;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The registry API (manifests and blobs of one repository) with authentication: anonymous
 * first, then on 401 the challenge the registry names, Bearer tokens or Basic credentials.
 * Credentials go only to the registry they were found for, or to its token realm when that is
 * reached over HTTPS (or a host listed as plain HTTP): {@link RegistryTransport} enforces both.
 */
final class RegistryClient {
    static final long MAX_MANIFEST_BYTES = 4L * 1024 * 1024;
    static final long MAX_CONFIG_BYTES = 8L * 1024 * 1024;
    private static final long MAX_TOKEN_BYTES = 1024 * 1024;
    private static final Duration MAX_TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final long DEFAULT_TOKEN_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryTransport transport;
    // Keyed by credential identity too, so a token obtained with one namespace's pull secret never serves another.
    private final Cache<AuthKey, CachedAuthorization> authorizations = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(MAX_TOKEN_LIFETIME)
            .build();

    private record AuthKey(String registry, String repository, String credentialIdentity) {}

    private record CachedAuthorization(BoundAuthorization authorization, Instant expires) {
        boolean fresh() {
            return Instant.now().isBefore(expires);
        }
    }

    RegistryClient(RegistryTransport transport) {
        this.transport = transport;
    }

    /** The digest a tag points at, from a HEAD request; empty when the registry does not say. */
    CompletableFuture<Optional<Digest>> headManifest(ImageReference image, String tag, Optional<Credential> credential, Deadline deadline) {
        return call(image, credential, deadline, HttpMethod.HEAD, manifestPath(image, tag), Map.of("Accept", MediaTypes.MANIFEST_ACCEPT),
                MAX_MANIFEST_BYTES, "resolving tag " + tag, false)
                .thenApply(response -> {
                    // Rate-limited or broken: a GET would only hit the registry again for the same answer.
                    if (response.status() == 429 || response.status() >= 500) {
                        requireSuccess(response, "resolving tag " + tag);
                    }
                    if (!response.successful()) {
                        return Optional.<Digest>empty();
                    }
                    return response.header("Docker-Content-Digest").flatMap(RegistryClient::parseDigest);
                });
    }

    /**
     * A manifest by tag or digest. The bytes are verified against {@code expected} when given;
     * otherwise their own sha256 becomes the digest (and must agree with Docker-Content-Digest).
     */
    CompletableFuture<RawManifest> getManifest(ImageReference image, String reference, Optional<Digest> expected,
            Optional<Credential> credential, Deadline deadline) {
        String activity = "fetching manifest " + abbreviate(reference);
        return call(image, credential, deadline, HttpMethod.GET, manifestPath(image, reference),
                Map.of("Accept", MediaTypes.MANIFEST_ACCEPT), MAX_MANIFEST_BYTES, activity, false)
                .thenApply(response -> {
                    requireSuccess(response, activity);
                    byte[] bytes = response.body();
                    Digest digest = expected.orElseGet(() -> Digest.sha256Of(bytes));
                    if (!digest.matches(bytes)) {
                        throw new RegistryException(activity + ": content does not match its digest " + digest);
                    }
                    Optional<Digest> announced = response.header("Docker-Content-Digest").flatMap(RegistryClient::parseDigest);
                    if (expected.isEmpty() && announced.isPresent() && announced.get().algorithm().equals(digest.algorithm())
                            && !announced.get().equals(digest)) {
                        throw new RegistryException(activity + ": content does not match Docker-Content-Digest " + announced.get());
                    }
                    return new RawManifest(bytes, response.mediaType(), digest);
                });
    }

    /** A small blob (the config), verified against its digest. */
    CompletableFuture<byte[]> getBlob(ImageReference image, Digest digest, long maxBytes, String activity,
            Optional<Credential> credential, Deadline deadline) {
        return call(image, credential, deadline, HttpMethod.GET, blobPath(image, digest), Map.of(), maxBytes, activity, false)
                .thenApply(response -> {
                    requireSuccess(response, activity);
                    if (!digest.matches(response.body())) {
                        throw new RegistryException(activity + ": content does not match its digest " + digest);
                    }
                    return response.body();
                });
    }

    /** A blob as a stream, for a worker thread; the caller closes it. Not verified: readers stop early. */
    CompletableFuture<InputStream> openBlob(ImageReference image, Digest digest, Optional<Credential> credential, Deadline deadline) {
        String activity = "reading layer " + abbreviate(digest.toString());
        return call(image, credential, deadline, HttpMethod.GET, blobPath(image, digest), Map.of(), Long.MAX_VALUE, activity, true)
                .thenApply(response -> {
                    requireSuccess(response, activity);
                    return response.stream().orElseThrow();
                });
    }

    private CompletableFuture<RegistryResponse> call(ImageReference image, Optional<Credential> credential, Deadline deadline,
            HttpMethod method, String path, Map<String, String> headers, long maxBytes, String activity, boolean stream) {
        URI base = registryBase(image.registry());
        RegistryRequest request = new RegistryRequest(method, base.resolve(path), headers, Optional.empty(), maxBytes, activity);
        AuthKey key = new AuthKey(image.registry(), image.repository(), credential.map(Credential::identity).orElse("anonymous"));
        CachedAuthorization cached = authorizations.getIfPresent(key);
        RegistryRequest first = cached != null && cached.fresh() ? request.withAuthorization(cached.authorization()) : request;
        return send(first, deadline, stream).thenCompose(response -> {
            if (response.status() != 401) {
                return CompletableFuture.completedFuture(response);
            }
            return authorize(response, image, credential, key, base, deadline)
                    .thenCompose(authorization -> send(request.withAuthorization(authorization), deadline, stream))
                    .thenApply(retried -> {
                        if (retried.status() == 401) {
                            authorizations.invalidate(key);
                            throw new RegistryException(activity + ": " + RegistryErrorBody.describe(401, retried.body())
                                    + (credential.isPresent() ? " (credentials from " + credential.get().identity() + " refused)" : ""));
                        }
                        return retried;
                    });
        });
    }

    private CompletableFuture<RegistryResponse> send(RegistryRequest request, Deadline deadline, boolean stream) {
        return stream ? transport.open(request, deadline) : transport.send(request, deadline);
    }

    private CompletableFuture<BoundAuthorization> authorize(RegistryResponse unauthorized, ImageReference image,
            Optional<Credential> credential, AuthKey key, URI registryBase, Deadline deadline) {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(unauthorized.header("WWW-Authenticate").orElse(null));
        Optional<AuthChallenge> bearer = challenges.stream().filter(c -> c.scheme().equals("bearer")).findFirst();
        Optional<AuthChallenge> basic = challenges.stream().filter(c -> c.scheme().equals("basic")).findFirst();
        String origin = RegistryRequest.origin(registryBase);
        if (bearer.isPresent()) {
            return fetchToken(bearer.get(), image, credential, deadline).thenApply(token -> {
                BoundAuthorization bound = new BoundAuthorization(origin, "Bearer " + token.token());
                authorizations.put(key, new CachedAuthorization(bound, Instant.now().plus(token.lifetime())));
                return bound;
            });
        }
        if (basic.isPresent()) {
            if (credential.isEmpty()) {
                return CompletableFuture.failedFuture(new RegistryException(
                        RegistryErrorBody.describe(401, unauthorized.body()) + ": the registry wants credentials and none are configured for "
                                + image.registry()));
            }
            BoundAuthorization bound = new BoundAuthorization(origin, credential.get().basicAuthorization());
            authorizations.put(key, new CachedAuthorization(bound, Instant.now().plus(MAX_TOKEN_LIFETIME)));
            return CompletableFuture.completedFuture(bound);
        }
        return CompletableFuture.failedFuture(new RegistryException(
                RegistryErrorBody.describe(401, unauthorized.body()) + " with no usable WWW-Authenticate challenge"));
    }

    private record Token(String token, Duration lifetime) {
        @Override
        public String toString() {
            return "Token[" + lifetime + "]";
        }
    }

    private CompletableFuture<Token> fetchToken(AuthChallenge challenge, ImageReference image, Optional<Credential> credential,
            Deadline deadline) {
        Optional<URI> realm = challenge.parameter("realm").flatMap(RegistryClient::parseUri);
        if (realm.isEmpty()) {
            return CompletableFuture.failedFuture(new RegistryException("Bearer challenge names no usable token realm"));
        }
        URI realmUri = realm.get();
        // The transport refuses plain HTTP to hosts not listed in weighbridge.registry.plain-http and
        // checks the realm's address like any other: the credential below goes nowhere else.
        String scope = challenge.parameter("scope").orElse("repository:" + image.repository() + ":pull");
        StringBuilder query = new StringBuilder(realmUri.getRawQuery() == null ? "" : realmUri.getRawQuery());
        challenge.parameter("service").ifPresent(service -> appendParameter(query, "service", service));
        appendParameter(query, "scope", scope);
        URI tokenUri = URI.create(realmUri.getScheme() + "://" + realmUri.getRawAuthority()
                + (realmUri.getRawPath() == null || realmUri.getRawPath().isEmpty() ? "/" : realmUri.getRawPath()) + "?" + query);
        RegistryRequest request = new RegistryRequest(HttpMethod.GET, tokenUri, Map.of(),
                credential.map(c -> new BoundAuthorization(RegistryRequest.origin(tokenUri), c.basicAuthorization())),
                MAX_TOKEN_BYTES, "fetching token");
        return transport.send(request, deadline).thenApply(response -> {
            if (!response.successful()) {
                throw new RegistryException("token service " + RegistryRequest.hostAndPort(tokenUri) + " answered "
                        + RegistryErrorBody.describe(response.status(), response.body()));
            }
            return parseToken(response.body());
        });
    }

    static Token parseToken(byte[] body) {
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
        lifetime = lifetime.compareTo(MAX_TOKEN_LIFETIME) > 0 ? MAX_TOKEN_LIFETIME : lifetime.multipliedBy(9).dividedBy(10);
        return new Token(token, lifetime);
    }

    private static void appendParameter(StringBuilder query, String name, String value) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private URI registryBase(String registry) {
        String apiHost = RegistryHosts.apiHost(registry);
        URI plain = URI.create("http://" + apiHost + "/");
        return transport.plainHttpAllowed(plain) ? plain : URI.create("https://" + apiHost + "/");
    }

    private static void requireSuccess(RegistryResponse response, String activity) {
        if (!response.successful()) {
            throw new RegistryException(activity + ": " + RegistryErrorBody.describe(response.status(), response.body()),
                    response.status() != 429);
        }
    }

    private static String manifestPath(ImageReference image, String reference) {
        return "/v2/" + image.repository() + "/manifests/" + reference;
    }

    private static String blobPath(ImageReference image, Digest digest) {
        return "/v2/" + image.repository() + "/blobs/" + digest;
    }

    private static Optional<Digest> parseDigest(String text) {
        try {
            return Optional.of(Digest.parse(text.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<URI> parseUri(String text) {
        try {
            URI uri = new URI(text);
            return uri.getHost() == null ? Optional.empty() : Optional.of(uri);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String reference) {
        return reference.startsWith("sha256:") && reference.length() > 19 ? reference.substring(0, 19) + "…" : reference;
    }
}
