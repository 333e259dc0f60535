package io.weighbridge.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Metrics ({@code weighbridge.metrics.*}). */
@ConfigMapping(prefix = "weighbridge.metrics")
public interface MetricsConfig {

    /**
     * Adds a {@code namespace} label to the admission counter. Off by default: one series per
     * namespace, kind, operation and verdict grows with the cluster; turn it on only where the
     * number of namespaces is known to stay small.
     */
    @WithDefault("false")
    boolean namespaceLabels();
}
