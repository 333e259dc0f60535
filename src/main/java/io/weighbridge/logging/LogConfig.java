package io.weighbridge.logging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What the log says and how much of it ({@code weighbridge.log.*}). */
@ConfigMapping(prefix = "weighbridge.log")
public interface LogConfig {

    /** One JSON object per line instead of text (env {@code WEIGHBRIDGE_LOG_JSON}). */
    @WithDefault("false")
    boolean json();

    /**
     * Allowed admissions logged per second at most; the rest are counted and summed up in one
     * line every {@link #allowSummaryInterval()}. Denials and warnings are always logged. A
     * negative value logs every allow.
     */
    @WithDefault("20")
    int allowDecisionsPerSecond();

    /** How often the count of allowed admissions not logged is written (only when there were some). */
    @WithDefault("1m")
    Duration allowSummaryInterval();
}
