package io.weighbridge.cluster;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.weighbridge.testing.MovableClock;
import java.util.Map;
import java.util.Set;

/**
 * Policy resources on, against the mock server of {@link CrdCluster}: CRDs looked for every 200 ms,
 * status written by the holder of the status Lease and gone over every second, the engine's clock
 * movable.
 */
public class ResourcesProfile implements QuarkusTestProfile {
    public static final String IDENTITY = "weighbridge-replica-a";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "weighbridge.resources.enabled", "true",
                "weighbridge.resources.detect-interval", "200ms",
                "weighbridge.resources.status-resync", "1s",
                "weighbridge.resources.leader-election.identity", IDENTITY,
                "weighbridge.resources.leader-election.lease-namespace", "weighbridge");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(MovableClock.class);
    }
}
