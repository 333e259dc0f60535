package io.weighbridge.image.registry;

import io.weighbridge.image.Futures;
import io.weighbridge.metrics.MetricNames;
import io.weighbridge.metrics.RegistryMetrics;
import java.util.concurrent.CompletableFuture;

/**
 * Counts and times every exchange once it holds a slot, by registry and outcome: the status
 * class of an answer, or what ended it without one ({@code timeout}, {@code refused} by the
 * address guard or the host, {@code error}). Time spent waiting for a slot is not in it.
 */
final class Metered implements Transport {
    private final Transport inner;
    private final RegistryMetrics metrics;

    Metered(Transport inner, RegistryMetrics metrics) {
        this.inner = inner;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<RegistryResponse> send(RegistryRequest request) {
        long started = System.nanoTime();
        return inner.send(request)
                .whenComplete((response, failure) -> metrics.exchange(
                        request.target(),
                        response != null ? RegistryMetrics.outcomeOf(response.status()) : outcomeOf(failure),
                        System.nanoTime() - started));
    }

    private static String outcomeOf(Throwable failure) {
        return Futures.cause(failure) instanceof RegistryException registryException
                ? registryException.outcome()
                : MetricNames.OUTCOME_ERROR;
    }
}
