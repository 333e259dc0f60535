package io.weighbridge.image;

import java.util.concurrent.CompletableFuture;

/**
 * Paces the registry requests of a weighing: each request, retries, redirects, token fetches and
 * base-detection reads included, waits for its turn before it is sent. The audit paces its
 * weighings so a pass over a whole cluster never floods a registry; admissions are not paced.
 * A weighing answered from the cache sends nothing and so waits for nothing.
 */
@FunctionalInterface
public interface RequestPace {
    /** Every request goes at once. */
    RequestPace UNPACED = () -> CompletableFuture.completedFuture(null);

    /** Completes, never exceptionally, when the next request may be sent. */
    CompletableFuture<Void> next();
}
