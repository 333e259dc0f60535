package io.weighbridge.image.registry;

import io.weighbridge.image.Credential;
import io.weighbridge.image.registry.RegistryRequest.BoundAuthorization;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Authentication for one repository and one credential (bound once, in a {@link Repository}):
 * anonymous first, or with the authorization cached for them; on 401, the challenge the registry
 * names: a Bearer token from its realm (with the credential only where {@link TokenRealms} allows),
 * or Basic with the credential. Every authorization is bound to the origin it is for.
 */
final class Authenticated implements Transport {
    private final Transport inner;
    private final Tokens tokens;
    private final TokenRealms realms;
    private final Tokens.Key key;
    private final Credential credential;
    private final String registry;
    private final String repository;
    private final String origin;

    Authenticated(
            Transport inner,
            Tokens tokens,
            TokenRealms realms,
            URI registryBase,
            String registry,
            String repository,
            Credential credential) {
        this.inner = inner;
        this.tokens = tokens;
        this.realms = realms;
        this.registry = registry;
        this.repository = repository;
        this.credential = credential;
        this.origin = RegistryRequest.origin(registryBase);
        this.key = new Tokens.Key(registry, repository, credential.identity());
    }

    /** An authorization and, when the credential was kept from the realm, why. */
    private record Granted(BoundAuthorization authorization, Optional<String> withheld) {}

    @Override
    public CompletableFuture<RegistryResponse> send(RegistryRequest request) {
        RegistryRequest first =
                tokens.cached(key).map(request::withAuthorization).orElse(request);
        return inner.send(first).thenCompose(response -> {
            if (response.status() != 401) {
                return CompletableFuture.completedFuture(response);
            }
            return authorize(response, request)
                    .thenCompose(granted -> inner.send(request.withAuthorization(granted.authorization()))
                            .thenApply(retried -> {
                                if (retried.status() == 401
                                        || retried.status() == 403
                                                && granted.withheld().isPresent()) {
                                    tokens.forget(key);
                                    throw new RegistryException(request.description() + ": "
                                            + RegistryErrorBody.describe(retried.status(), retried.body())
                                            + why(granted));
                                }
                                return retried;
                            }));
        });
    }

    private String why(Granted granted) {
        if (credential.anonymous()) {
            return "";
        }
        return granted.withheld()
                .map(reason ->
                        " (credentials from " + credential.identity() + " withheld from token realm " + reason + ")")
                .orElse(" (credentials from " + credential.identity() + " refused)");
    }

    private CompletableFuture<Granted> authorize(RegistryResponse unauthorized, RegistryRequest request) {
        List<AuthChallenge> challenges =
                AuthChallenge.parseAll(unauthorized.header("WWW-Authenticate").orElse(null));
        Optional<AuthChallenge> bearer =
                challenges.stream().filter(c -> c.scheme().equals("bearer")).findFirst();
        Optional<AuthChallenge> basic =
                challenges.stream().filter(c -> c.scheme().equals("basic")).findFirst();
        if (bearer.isPresent()) {
            return bearer(bearer.get(), request);
        }
        if (basic.isPresent()) {
            if (credential.anonymous()) {
                return CompletableFuture.failedFuture(
                        new RegistryException(RegistryErrorBody.describe(401, unauthorized.body())
                                + ": the registry wants credentials and none are configured for " + registry));
            }
            BoundAuthorization bound = new BoundAuthorization(origin, credential.basicAuthorization());
            tokens.remember(key, bound, Tokens.MAX_LIFETIME);
            return CompletableFuture.completedFuture(new Granted(bound, Optional.empty()));
        }
        return CompletableFuture.failedFuture(new RegistryException(
                RegistryErrorBody.describe(401, unauthorized.body()) + " with no usable WWW-Authenticate challenge"));
    }

    private CompletableFuture<Granted> bearer(AuthChallenge challenge, RegistryRequest request) {
        Optional<URI> realm = challenge.parameter("realm").flatMap(Authenticated::parseUri);
        if (realm.isEmpty()) {
            return CompletableFuture.failedFuture(
                    new RegistryException("Bearer challenge names no usable token realm"));
        }
        // Plain HTTP and the realm's address are checked by the layers below like any other request's.
        Optional<String> refusal = credential.anonymous() ? Optional.empty() : realms.refusal(registry, realm.get());
        Credential sent = refusal.isPresent() ? Credential.ANONYMOUS : credential;
        String scope = challenge.parameter("scope").orElse("repository:" + repository + ":pull");
        return tokens.fetch(realm.get(), challenge, scope, sent, request).thenApply(token -> {
            BoundAuthorization bound = new BoundAuthorization(origin, "Bearer " + token.value());
            tokens.remember(key, bound, token.lifetime());
            return new Granted(bound, refusal.map(reason -> RegistryRequest.hostAndPort(realm.get()) + ": " + reason));
        });
    }

    private static Optional<URI> parseUri(String text) {
        try {
            URI uri = new URI(text);
            return uri.getHost() == null ? Optional.empty() : Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
