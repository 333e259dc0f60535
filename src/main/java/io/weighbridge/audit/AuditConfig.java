package io.weighbridge.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** The audit of running workloads ({@code weighbridge.audit.*}). */
@ConfigMapping(prefix = "weighbridge.audit")
public interface AuditConfig {

    /** Whether the webhook audits the cluster in the background; the CLI never does. */
    @WithDefault("true")
    boolean enabled();

    /** Time between two background passes. */
    @WithDefault("1h")
    Duration interval();

    /** Time from start to the first background pass, so a starting webhook serves admissions first. */
    @WithName("initial-delay")
    @WithDefault("30s")
    Duration initialDelay();

    /**
     * Registry requests per second the audit sends at most (a token bucket, bursts of the same
     * size; retries, redirects and token fetches count, answers from the cache do not), and how
     * many images it weighs at a time.
     */
    @WithDefault("10")
    double rate();

    /** Objects per list request; larger lists continue with the API server's continue token. */
    @WithName("page-size")
    @WithDefault("250")
    int pageSize();

    /** Time each image may take to be weighed before it counts as "cannot weigh". */
    @WithName("image-deadline")
    @WithDefault("30s")
    Duration imageDeadline();

    LeaderElection leaderElection();

    PolicyReports policyReports();

    /** The background audit's results as {@code wgpolicyk8s.io/v1alpha2} PolicyReports, one per namespace. */
    interface PolicyReports {
        /** Write them where the PolicyReport CRD is installed (found by the API's discovery, looked at every pass). */
        @WithDefault("true")
        boolean enabled();

        /**
         * The most results in one report (an object must stay well under etcd's 1.5 MiB): beyond
         * it, passes go first, then skips, warnings, errors; the summary still counts every result,
         * and the annotation {@code weighbridge.io/omitted-results} says how many were left out.
         */
        @WithName("max-results")
        @WithDefault("500")
        int maxResults();
    }

    /** Only one replica audits: the holder of a Lease. */
    interface LeaderElection {
        /** Off: every replica audits (one replica, or a cluster without Lease permissions). */
        @WithDefault("true")
        boolean enabled();

        @WithName("lease-name")
        @WithDefault("weighbridge-audit")
        String leaseName();

        /** Default: POD_NAMESPACE, the service account's namespace, the client's namespace, then {@code default}. */
        @WithName("lease-namespace")
        Optional<String> leaseNamespace();

        /** Default: POD_NAME, then HOSTNAME. */
        Optional<String> identity();
    }
}
