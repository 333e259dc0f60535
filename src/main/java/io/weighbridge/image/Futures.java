package io.weighbridge.image;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one unwrapping of asynchronous failures: what a future failed with, without the wrappers the futures added. */
public final class Futures {
    private Futures() {}

    /** {@code failure} without its {@link CompletionException} and {@link ExecutionException} wrappers. */
    public static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
