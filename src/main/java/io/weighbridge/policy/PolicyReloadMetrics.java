package io.weighbridge.policy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.weighbridge.metrics.MetricNames;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * Policy loads, good and rejected, and the time of the last good one, read from the
 * {@link PolicyRepository}'s own counters. Quarkus binds every {@link MeterBinder} bean.
 */
@Singleton
public class PolicyReloadMetrics implements MeterBinder {
    private final PolicyRepository repository;

    public PolicyReloadMetrics(PolicyRepository repository) {
        this.repository = repository;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bind(registry, repository);
    }

    public static void bind(MeterRegistry registry, PolicyRepository repository) {
        FunctionCounter.builder(MetricNames.POLICY_RELOADS, repository, PolicyRepository::loadSuccesses)
                .tag("result", "success")
                .description("Policy loads installed (the first load at startup included)")
                .register(registry);
        FunctionCounter.builder(MetricNames.POLICY_RELOADS, repository, PolicyRepository::loadFailures)
                .tag("result", "failure")
                .description("Policy changes rejected (unreadable or invalid); the last good set stayed in force")
                .register(registry);
        Gauge.builder(
                        MetricNames.POLICY_LAST_LOAD,
                        repository,
                        r -> r.lastLoaded().map(Instant::toEpochMilli).orElse(0L) / 1000.0)
                .description("Unix time of the last good policy load; 0 before the first")
                .register(registry);
        Gauge.builder(
                        MetricNames.POLICY_LAST_FAILURE,
                        repository,
                        r -> r.lastFailed().map(Instant::toEpochMilli).orElse(0L) / 1000.0)
                .description("Unix time of the last rejected policy change; 0 if none")
                .register(registry);
    }
}
