package io.weighbridge.audit;

import java.time.Duration;
import java.util.Optional;

/** An AuditConfig for tests that build the audit without Quarkus; the background audit is off. */
record TestAuditConfig(int pageSize, double rate, Duration imageDeadline) implements AuditConfig {

    @Override public boolean enabled() { return false; }
    @Override public Duration interval() { return Duration.ofHours(1); }
    @Override public Duration initialDelay() { return Duration.ZERO; }

    @Override
    public PolicyReports policyReports() {
        return new PolicyReports() {
            @Override public boolean enabled() { return false; }
            @Override public int maxResults() { return 500; }
        };
    }

    @Override
    public LeaderElection leaderElection() {
        return new LeaderElection() {
            @Override public boolean enabled() { return false; }
            @Override public String leaseName() { return "weighbridge-audit"; }
            @Override public Optional<String> leaseNamespace() { return Optional.empty(); }
            @Override public Optional<String> identity() { return Optional.empty(); }
        };
    }
}
