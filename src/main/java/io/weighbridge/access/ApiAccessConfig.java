package io.weighbridge.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Who may call the dry-run and audit API ({@code weighbridge.api.*}); {@code /validate} is not concerned. */
@ConfigMapping(prefix = "weighbridge.api")
public interface ApiAccessConfig {

    /** Whether {@code POST /api/v1/check} and {@code GET /api/v1/audit} answer at all (404 when off). */
    @WithDefault("true")
    boolean enabled();

    /** How callers are authenticated. */
    @WithDefault("auto")
    Authentication authentication();

    /** How long an answer of a TokenReview or SubjectAccessReview is reused. */
    @WithDefault("10s")
    Duration reviewCacheTtl();

    enum Authentication {
        /**
         * {@link #KUBERNETES} when a Kubernetes API is configured (always so in a pod); without
         * one (a laptop without kubeconfig), unauthenticated callers on this machine's loopback
         * addresses only.
         */
        AUTO,
        /** Every caller sends a bearer token that the Kubernetes API authenticates and authorises. */
        KUBERNETES,
        /**
         * Anyone who reaches the port, unauthenticated (local runs and tests). A namespace's pull
         * secrets are then never used: nobody is known to be allowed to read them.
         */
        NONE
    }
}
