package io.weighbridge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RegistryMetricsTest {

    @Test
    void registryLabelsStopAtTheBoundAndTheRestCountAsOther() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RegistryMetrics metrics = new RegistryMetrics(meters);
        for (int i = 0; i < 200; i++) {
            metrics.exchange("registry-" + i + ".example.com:443", MetricNames.OUTCOME_OK, 1_000_000);
        }
        metrics.exchange("registry-0.example.com:443", MetricNames.OUTCOME_OK, 1_000_000);

        Set<String> labels = meters.find(MetricNames.REGISTRY_REQUESTS).counters().stream()
                .map(c -> c.getId().getTag("registry"))
                .collect(Collectors.toSet());
        assertEquals(MetricNames.MAX_REGISTRY_LABELS + 1, labels.size());
        assertEquals(
                150.0,
                meters.get(MetricNames.REGISTRY_REQUESTS)
                        .tag("registry", "other")
                        .counter()
                        .count());
        assertEquals(
                2.0,
                meters.get(MetricNames.REGISTRY_REQUESTS)
                        .tag("registry", "registry-0.example.com:443")
                        .counter()
                        .count());
        assertEquals(
                MetricNames.MAX_REGISTRY_LABELS + 1,
                meters.find(MetricNames.REGISTRY_REQUEST_DURATION).timers().size());
    }

    @Test
    void statusesMapToTheirClass() {
        assertEquals("ok", RegistryMetrics.outcomeOf(200));
        assertEquals("ok", RegistryMetrics.outcomeOf(307));
        assertEquals("http_4xx", RegistryMetrics.outcomeOf(401));
        assertEquals("http_4xx", RegistryMetrics.outcomeOf(429));
        assertEquals("http_5xx", RegistryMetrics.outcomeOf(503));
    }

    @Test
    void outcomesAreAFixedSet() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RegistryMetrics metrics = new RegistryMetrics(meters);
        for (String outcome : new String[] {"ok", "http_4xx", "http_5xx", "timeout", "refused", "error"}) {
            metrics.exchange("quay.io", outcome, 1);
        }
        assertEquals(
                6,
                meters.getMeters().stream()
                        .filter(m -> m.getId().getType() == Meter.Type.COUNTER)
                        .count());
    }
}
