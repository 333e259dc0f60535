package io.weighbridge.image.registry;

import io.weighbridge.image.OneLine;
import io.weighbridge.metrics.MetricNames;

/**
 * A registry interaction failed. The message is the reason only (the weigher names the image),
 * one line, and never carries credentials. {@code lasting} failures (an HTTP error, a refused
 * address, a malformed manifest) are worth remembering for a few seconds; the end of one caller's
 * deadline is not. No stack trace is kept: the message says everything, and failures are cached.
 */
public class RegistryException extends RuntimeException {
    private final boolean lasting;
    private final String outcome;

    public RegistryException(String reason) {
        this(reason, true);
    }

    public RegistryException(String reason, boolean lasting) {
        this(reason, lasting, MetricNames.OUTCOME_ERROR);
    }

    RegistryException(String reason, boolean lasting, String outcome) {
        super(OneLine.of(reason), null, false, false);
        this.lasting = lasting;
        this.outcome = outcome;
    }

    public boolean lasting() {
        return lasting;
    }

    /** How the metrics count an exchange that failed this way ({@code timeout}, {@code refused}, {@code error}…). */
    String outcome() {
        return outcome;
    }

    public static RegistryException deadlinePassed(String activity) {
        return new RegistryException("deadline passed while " + activity, false, MetricNames.OUTCOME_TIMEOUT);
    }
}
