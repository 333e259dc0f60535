package io.weighbridge.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weighbridge.metrics.MetricNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyReloadMetricsTest {
    private static final String GOOD = """
            apiVersion: weighbridge.io/v1alpha1
            kind: ImageSizePolicy
            metadata:
              name: cap
            spec:
              rules:
                - name: hard-cap
                  maxSize: 5Gi
                  action: deny
            """;

    @TempDir
    Path dir;

    @Test
    void loadsAndRejectionsAreCountedWithTheirTimes() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PolicyRepository repository = new PolicyRepository(dir, Duration.ofHours(1), false);
        PolicyReloadMetrics.bind(meters, repository);
        assertEquals(0.0, gauge(meters, MetricNames.POLICY_LAST_LOAD));

        Files.writeString(dir.resolve("cap.yaml"), GOOD);
        repository.start();
        assertEquals(
                1.0,
                meters.get(MetricNames.POLICY_RELOADS)
                        .tag("result", "success")
                        .functionCounter()
                        .count());
        double loadedAt = gauge(meters, MetricNames.POLICY_LAST_LOAD);
        assertTrue(Math.abs(loadedAt - System.currentTimeMillis() / 1000.0) < 60, "last load " + loadedAt);
        assertEquals(0.0, gauge(meters, MetricNames.POLICY_LAST_FAILURE));

        Files.writeString(dir.resolve("cap.yaml"), GOOD.replace("5Gi", "five gigs"));
        repository.refresh();
        assertEquals(
                1.0,
                meters.get(MetricNames.POLICY_RELOADS)
                        .tag("result", "failure")
                        .functionCounter()
                        .count());
        assertEquals(loadedAt, gauge(meters, MetricNames.POLICY_LAST_LOAD));
        assertTrue(gauge(meters, MetricNames.POLICY_LAST_FAILURE) >= loadedAt);
    }

    @Test
    void anEmptiedPolicyFileCountsAsAFailedReload() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PolicyRepository repository = new PolicyRepository(dir, Duration.ofHours(1), false);
        PolicyReloadMetrics.bind(meters, repository);
        Files.writeString(dir.resolve("cap.yaml"), GOOD);
        repository.start();

        Files.writeString(dir.resolve("cap.yaml"), "");
        repository.refresh();

        assertEquals(
                1.0,
                meters.get(MetricNames.POLICY_RELOADS)
                        .tag("result", "failure")
                        .functionCounter()
                        .count());
        assertEquals(
                1.0,
                meters.get(MetricNames.POLICY_RELOADS)
                        .tag("result", "success")
                        .functionCounter()
                        .count());
        assertTrue(gauge(meters, MetricNames.POLICY_LAST_FAILURE) >= gauge(meters, MetricNames.POLICY_LAST_LOAD));
    }

    private static double gauge(SimpleMeterRegistry meters, String name) {
        return meters.get(name).gauge().value();
    }
}
