package io.weighbridge.image.registry;

import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Follows redirects by hand, at most {@value #MAX_REDIRECTS}, each hop a request of its own
 * through the layers below (plain-HTTP refusal, slots, address guard). The authorization travels
 * along but is written only for its own origin (see {@link VertxExchange}), so blob storage
 * elsewhere never sees it.
 */
final class Redirects implements Transport {
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);

    private final Transport inner;

    Redirects(Transport inner) {
        this.inner = inner;
    }

    @Override
    public CompletableFuture<RegistryResponse> send(RegistryRequest request) {
        return follow(request, 0);
    }

    private CompletableFuture<RegistryResponse> follow(RegistryRequest request, int hops) {
        return inner.send(request).thenCompose(response -> {
            if (!REDIRECT_STATUSES.contains(response.status())) {
                return CompletableFuture.completedFuture(response);
            }
            if (hops >= MAX_REDIRECTS) {
                return CompletableFuture.failedFuture(new RegistryException(request.description() + ": more than "
                        + MAX_REDIRECTS + " redirects from " + request.redactedUri()));
            }
            Optional<URI> target = response.header("Location").flatMap(location -> resolve(request.uri(), location));
            if (target.isEmpty()) {
                return CompletableFuture.failedFuture(new RegistryException(request.description() + ": redirect "
                        + response.status() + " from " + request.redactedUri() + " without a usable Location"));
            }
            return follow(request.withUri(target.get()), hops + 1);
        });
    }

    private static Optional<URI> resolve(URI base, String location) {
        try {
            URI target = base.resolve(location.trim());
            boolean usable = target.getHost() != null
                    && ("https".equals(target.getScheme()) || "http".equals(target.getScheme()));
            return usable ? Optional.of(target) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
