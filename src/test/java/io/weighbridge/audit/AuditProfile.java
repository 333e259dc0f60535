package io.weighbridge.audit;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The background audit on, at once, electing its leader on the mock server's Lease. */
public class AuditProfile implements QuarkusTestProfile {
    static final String IDENTITY = "weighbridge-replica-a";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "weighbridge.audit.enabled", "true",
                "weighbridge.audit.initial-delay", "0s",
                "weighbridge.audit.interval", "1h",
                "weighbridge.audit.page-size", "2",
                "weighbridge.audit.leader-election.identity", IDENTITY,
                "weighbridge.audit.leader-election.lease-namespace", "weighbridge");
    }
}
