package io.weighbridge.policy;

import io.weighbridge.image.Futures;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.WeighingException;
import org.jboss.logging.Logger;

/** The outcome of weighing one reference: a weight, or why there is none. */
record Weighing(ImageWeight weight, String error) {
    private static final Logger LOG = Logger.getLogger(Weighing.class);
    static final String UNEXPECTED = "weighbridge failed unexpectedly (its log has the details)";

    static Weighing of(ImageWeight weight) {
        return weight == null ? failed("the weigher gave no answer") : new Weighing(weight, null);
    }

    static Weighing failed(String reason) {
        return new Weighing(null, reason);
    }

    /**
     * Why a weighing failed, in words a person can act on: the weigher's own reason, or the
     * message of an argument it refused; anything else is a weighbridge bug, logged with its
     * stack trace and reported without its Java names or internals.
     */
    static Weighing failed(ImageReference reference, Throwable failure) {
        Throwable cause = Futures.cause(failure);
        if (cause instanceof WeighingException) {
            return failed(cause.getMessage());
        }
        if (cause instanceof IllegalArgumentException
                && cause.getMessage() != null
                && !cause.getMessage().isBlank()) {
            return failed(cause.getMessage());
        }
        LOG.errorf(cause, "weighing %s failed unexpectedly", reference);
        return failed(UNEXPECTED);
    }

    boolean succeeded() {
        return weight != null;
    }
}
