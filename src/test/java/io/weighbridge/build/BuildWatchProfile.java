package io.weighbridge.build;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The build watch on, electing its leader on the mock server's Lease. */
public class BuildWatchProfile implements QuarkusTestProfile {
    static final String IDENTITY = "weighbridge-replica-a";
    static final String LEASE_NAMESPACE = "weighbridge";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "weighbridge.builds.watch-enabled", "true",
                "weighbridge.builds.leader-election.identity", IDENTITY,
                "weighbridge.builds.leader-election.lease-namespace", LEASE_NAMESPACE);
    }
}
