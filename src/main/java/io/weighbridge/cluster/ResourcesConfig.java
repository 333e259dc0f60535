package io.weighbridge.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** Policies and exceptions as cluster resources ({@code weighbridge.resources.*}). */
@ConfigMapping(prefix = "weighbridge.resources")
public interface ResourcesConfig {

    /**
     * Whether the webhook reads {@code ClusterImageSizePolicy}, {@code ImageSizePolicy} and
     * {@code ImageSizeException} resources where their CRDs are installed (it looks for them, and
     * does nothing where they are absent). Never in the CLI.
     */
    @WithDefault("true")
    boolean enabled();

    /** How often the webhook looks again for CRDs it did not find (installing them needs no restart). */
    @WithName("detect-interval")
    @WithDefault("1m")
    Duration detectInterval();

    /** How often the status writer goes over every resource again (an exception's expiry is written at its instant). */
    @WithName("status-resync")
    @WithDefault("5m")
    Duration statusResync();

    /** The most exceptions with an expiry series of their own; the soonest to expire get one. */
    @WithName("exception-series-limit")
    @WithDefault("200")
    int exceptionSeriesLimit();

    LeaderElection leaderElection();

    /** Only one replica writes status: the holder of a Lease of its own. */
    interface LeaderElection {
        /** Off: every replica writes status (one replica, or a cluster without Lease permissions). */
        @WithDefault("true")
        boolean enabled();

        @WithName("lease-name")
        @WithDefault("weighbridge-status")
        String leaseName();

        /** Default: POD_NAMESPACE, the service account's namespace, the client's namespace, then {@code default}. */
        @WithName("lease-namespace")
        Optional<String> leaseNamespace();

        /** Default: POD_NAME, then HOSTNAME. */
        Optional<String> identity();
    }
}
