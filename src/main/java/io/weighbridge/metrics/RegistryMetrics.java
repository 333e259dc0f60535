package io.weighbridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Registry HTTP exchanges by registry ({@code host:port}, bounded) and outcome, and their
 * latency. Each exchange counts once: a retry or a redirect hop is another exchange.
 */
public final class RegistryMetrics {
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    private final MeterRegistry registry;
    private final BoundedLabel registries = new BoundedLabel(MetricNames.MAX_REGISTRY_LABELS);

    public RegistryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one finished exchange; {@code outcome} is one of the {@code OUTCOME_*} of {@link MetricNames}. */
    public void exchange(String hostAndPort, String outcome, long nanos) {
        String label = registries.of(hostAndPort);
        counter(label, outcome).increment();
        Timer.builder(MetricNames.REGISTRY_REQUEST_DURATION)
                .description("Duration of one HTTP exchange with an image registry")
                .tag("registry", label)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    /**
     * A request that gave up waiting for a slot, counted for {@code holder}, the registry that held
     * the slots: not timed, since no exchange took place.
     */
    public void noSlot(String holder) {
        counter(registries.of(holder), MetricNames.OUTCOME_NO_SLOT).increment();
    }

    /** A request refused before any connection (plain HTTP not allowed): counted, not timed. */
    public void refused(String hostAndPort) {
        counter(registries.of(hostAndPort), MetricNames.OUTCOME_REFUSED).increment();
    }

    private Counter counter(String label, String outcome) {
        return Counter.builder(MetricNames.REGISTRY_REQUESTS)
                .description("HTTP exchanges with image registries, by outcome")
                .tag("registry", label)
                .tag("outcome", outcome)
                .register(registry);
    }

    /** The outcome of an exchange that got an HTTP status. */
    public static String outcomeOf(int status) {
        if (status >= 500) {
            return MetricNames.OUTCOME_HTTP_5XX;
        }
        if (status >= 400) {
            return MetricNames.OUTCOME_HTTP_4XX;
        }
        return MetricNames.OUTCOME_OK;
    }
}
