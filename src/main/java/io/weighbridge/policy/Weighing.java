package io.weighbridge.policy;

import io.weighbridge.image.Futures;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.WeighingException;

/** The outcome of weighing one reference: a weight, or why there is none. */
record Weighing(ImageWeight weight, String error) {
    static Weighing of(ImageWeight weight) {
        return weight == null ? failed("the weigher gave no answer") : new Weighing(weight, null);
    }

    static Weighing failed(String reason) {
        return new Weighing(null, reason);
    }

    static Weighing failed(Throwable failure) {
        Throwable cause = Futures.cause(failure);
        if (cause instanceof WeighingException) {
            return failed(cause.getMessage());
        }
        return failed(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    boolean succeeded() {
        return weight != null;
    }
}
