package io.weighbridge.build;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** OpenShift builds after admission ({@code weighbridge.builds.*}). */
@ConfigMapping(prefix = "weighbridge.builds")
public interface BuildsConfig {

    /**
     * Whether the webhook watches OpenShift Builds ({@code build.openshift.io/v1}) and weighs the
     * image each completed one pushed. Off by default: it needs {@code list} and {@code watch} on
     * builds in every namespace. Never in the CLI.
     */
    @WithName("watch-enabled")
    @WithDefault("false")
    boolean watchEnabled();

    /** Time one output image may take to be weighed before it counts as an error. */
    @WithName("image-deadline")
    @WithDefault("30s")
    Duration imageDeadline();

    /**
     * Builds already complete when the watch starts (a restart, a new leader) are weighed when
     * they completed within this; older ones are history and left alone.
     */
    @WithName("catch-up")
    @WithDefault("10m")
    Duration catchUp();

    LeaderElection leaderElection();

    /** Only one replica watches: the holder of a Lease of its own, apart from the audit's. */
    interface LeaderElection {
        /** Off: every replica watches and weighs (one replica, or a cluster without Lease permissions). */
        @WithDefault("true")
        boolean enabled();

        @WithName("lease-name")
        @WithDefault("weighbridge-builds")
        String leaseName();

        /** Default: POD_NAMESPACE, the service account's namespace, the client's namespace, then {@code default}. */
        @WithName("lease-namespace")
        Optional<String> leaseNamespace();

        /** Default: POD_NAME, then HOSTNAME. */
        Optional<String> identity();
    }
}
