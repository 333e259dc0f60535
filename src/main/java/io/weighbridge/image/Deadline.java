package io.weighbridge.image;

import java.time.Duration;
import java.time.Instant;

/**
 * The instant a weighing must be answered by, and the pace its registry requests keep (the
 * audit's rate limit; {@link RequestPace#UNPACED} for everything else). They travel together
 * because every registry request needs both.
 */
record Deadline(Instant at, RequestPace pace) {

    Deadline {
        pace = pace == null ? RequestPace.UNPACED : pace;
    }

    Deadline(Instant at) {
        this(at, RequestPace.UNPACED);
    }

    static Deadline of(WeighingContext context) {
        return new Deadline(context.deadline(), context.pace());
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

    /** This instant, with the pace of {@code other}. */
    Deadline pacedLike(Deadline other) {
        return new Deadline(at, other.pace);
    }
}
