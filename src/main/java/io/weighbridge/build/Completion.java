package io.weighbridge.build;

import io.fabric8.openshift.api.model.Build;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * When a Build's output is news: the update that moved it to {@code Complete}, or, when the watch
 * starts, a Build that completed a short while ago. A resync (the same object again), a later edit
 * of a complete Build, and builds that failed, errored or were cancelled are not.
 */
final class Completion {
    static final String COMPLETE = "Complete";

    private Completion() {}

    /** The update moved the Build from another phase to {@code Complete}. */
    static boolean completedBetween(Build before, Build after) {
        return !isComplete(before) && isComplete(after);
    }

    /** A complete Build seen when the watch starts (or created complete), completed within {@code catchUp}. */
    static boolean completedWithin(Build build, Duration catchUp, Instant now) {
        if (!isComplete(build)) {
            return false;
        }
        String completed = build.getStatus().getCompletionTimestamp();
        if (completed == null || completed.isBlank()) {
            return false;
        }
        try {
            return !Instant.parse(completed).isBefore(now.minus(catchUp));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static boolean isComplete(Build build) {
        return build != null
                && build.getStatus() != null
                && COMPLETE.equals(build.getStatus().getPhase());
    }
}
