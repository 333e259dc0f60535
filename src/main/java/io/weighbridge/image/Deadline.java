package io.weighbridge.image;

import java.time.Duration;
import java.time.Instant;

/** The instant a weighing must be answered by. */
record Deadline(Instant at) {

    static Deadline of(WeighingContext context) {
        return new Deadline(context.deadline());
    }

    static Deadline in(Duration duration) {
        return new Deadline(Instant.now().plus(duration));
    }

    long remainingMillis() {
        return Duration.between(Instant.now(), at).toMillis();
    }

    boolean passed() {
        return remainingMillis() <= 0;
    }

    /** The time one request may take: the per-request timeout, cut short by this deadline. */
    long requestTimeoutMillis(Duration perRequest) {
        return Math.min(perRequest.toMillis(), remainingMillis());
    }

    Deadline earlier(Deadline other) {
        return at.isBefore(other.at) ? this : other;
    }

    Deadline later(Deadline other) {
        return at.isAfter(other.at) ? this : other;
    }
}
