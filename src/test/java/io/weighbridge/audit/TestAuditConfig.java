package io.weighbridge.audit;

import java.time.Duration;
import java.util.Optional;

/** An AuditConfig for tests that build the audit without Quarkus; the background audit is off. */
record TestAuditConfig(int pageSize, double rate, Duration imageDeadline, boolean reports, int maxResults)
        implements AuditConfig {

    TestAuditConfig(int pageSize, double rate, Duration imageDeadline) {
        this(pageSize, rate, imageDeadline, false, 500);
    }

    /** PolicyReports on, at most {@code maxResults} results per report. */
    static TestAuditConfig reporting(int maxResults) {
        return new TestAuditConfig(250, 10, Duration.ofSeconds(30), true, maxResults);
    }

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public Duration interval() {
        return Duration.ofHours(1);
    }

    @Override
    public Duration initialDelay() {
        return Duration.ZERO;
    }

    @Override
    public PolicyReports policyReports() {
        return new PolicyReports() {
            @Override
            public boolean enabled() {
                return reports;
            }

            @Override
            public int maxResults() {
                return maxResults;
            }
        };
    }

    @Override
    public LeaderElection leaderElection() {
        return new LeaderElection() {
            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public String leaseName() {
                return "weighbridge-audit";
            }

            @Override
            public Optional<String> leaseNamespace() {
                return Optional.empty();
            }

            @Override
            public Optional<String> identity() {
                return Optional.empty();
            }
        };
    }
}
