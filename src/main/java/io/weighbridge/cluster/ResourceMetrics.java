package io.weighbridge.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.weighbridge.metrics.MetricNames;
import io.weighbridge.policy.Exemption;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The policy and exception resources in metrics: every replica exports what its informers hold (the
 * alerts take the maximum over replicas). The expiry series are bounded by
 * {@code weighbridge.resources.exception-series-limit}, the soonest to expire first.
 */
@Singleton
public class ResourceMetrics implements MeterBinder {
    private final ClusterResources resources;
    private final ResourcesConfig config;
    private final Clock clock;
    private MultiGauge expiries;

    ResourceMetrics(ClusterResources resources, ResourcesConfig config, Clock clock) {
        this.resources = resources;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (!config.enabled()) {
            return;
        }
        expiries = MultiGauge.builder(MetricNames.EXCEPTION_EXPIRY)
                .description("When each ImageSizeException expires, in epoch seconds (an alert fires a week before)")
                .register(registry);
        exceptions(
                registry,
                "active",
                resource -> resource.exemption() != null && resource.exemption().activeAt(clock.instant()));
        exceptions(
                registry,
                "expired",
                resource ->
                        resource.exemption() != null && !resource.exemption().activeAt(clock.instant()));
        exceptions(registry, "invalid", resource -> resource.exemption() == null);
        for (WeighbridgeResources kind : WeighbridgeResources.POLICIES) {
            policies(registry, kind, "valid", PolicyResource::valid);
            policies(registry, kind, "invalid", resource -> !resource.valid());
        }
        resources.onChange(key -> {
            if (key.kind() == WeighbridgeResources.EXCEPTION) {
                refreshExpiries();
            }
        });
        refreshExpiries();
    }

    private void exceptions(MeterRegistry registry, String state, Predicate<ExceptionResource> counted) {
        Gauge.builder(
                        MetricNames.EXCEPTIONS,
                        resources,
                        r -> r.exceptionResources().stream().filter(counted).count())
                .tag("state", state)
                .description("ImageSizeException resources, by state")
                .register(registry);
    }

    private void policies(
            MeterRegistry registry, WeighbridgeResources kind, String state, Predicate<PolicyResource> counted) {
        Gauge.builder(
                        MetricNames.POLICY_RESOURCES,
                        resources,
                        r -> r.policyResources().stream()
                                .filter(p -> p.kind() == kind)
                                .filter(counted)
                                .count())
                .tags("kind", kind.kind(), "state", state)
                .description(
                        "Policy resources, by kind and state; an invalid one judges by its last valid version, if any")
                .register(registry);
    }

    private synchronized void refreshExpiries() {
        List<Exemption> soonest = resources.exemptions().all().stream()
                .sorted(Comparator.comparing(Exemption::expiresAt))
                .limit(Math.max(0, config.exceptionSeriesLimit()))
                .toList();
        expiries.register(
                soonest.stream()
                        .map(e -> MultiGauge.Row.of(
                                Tags.of("namespace", e.namespace(), "name", e.name()),
                                e.expiresAt().getEpochSecond()))
                        .toList(),
                true);
    }
}
