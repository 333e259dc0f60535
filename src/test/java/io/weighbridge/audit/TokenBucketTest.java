package io.weighbridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bucket on a clock and a timer the test moves by hand: no real time passes. */
class TokenBucketTest {
    private static final long MILLI = 1_000_000L;

    private final AtomicLong now = new AtomicLong();
    private final List<Delayed> delayed = new ArrayList<>();

    private record Delayed(long nanos, Runnable task) {}

    private TokenBucket bucket(double perSecond) {
        return new TokenBucket(perSecond, now::get, (nanos, task) -> delayed.add(new Delayed(nanos, task)));
    }

    @Test
    void allowsABurstOfTheRateThenQueuesEachPermitOneIntervalAfterThePrevious() {
        TokenBucket bucket = bucket(5);

        for (int i = 0; i < 5; i++) {
            assertEquals(0, bucket.reserve());
        }
        assertWithinANanosecond(200 * MILLI, bucket.reserve());
        assertWithinANanosecond(400 * MILLI, bucket.reserve());
        now.addAndGet(400 * MILLI);
        assertWithinANanosecond(200 * MILLI, bucket.reserve());
        assertEquals(8, bucket.granted());
    }

    @Test
    void refillsNoMoreThanOneBurstWhileIdle() {
        TokenBucket bucket = bucket(2);
        now.addAndGet(3_600_000 * MILLI);

        assertEquals(0, bucket.reserve());
        assertEquals(0, bucket.reserve());
        assertWithinANanosecond(500 * MILLI, bucket.reserve());
    }

    @Test
    void aRateBelowOnePerSecondStillAllowsOnePermit() {
        TokenBucket bucket = bucket(0.5);

        assertEquals(0, bucket.reserve());
        assertWithinANanosecond(2_000 * MILLI, bucket.reserve());
    }

    @Test
    void aRequestBeyondTheBurstGoesOnlyWhenItsTimerFires() {
        TokenBucket bucket = bucket(2);

        assertTrue(bucket.next().isDone());
        assertTrue(bucket.next().isDone());
        CompletableFuture<Void> third = bucket.next();

        assertFalse(third.isDone());
        assertEquals(1, delayed.size());
        assertWithinANanosecond(500 * MILLI, delayed.get(0).nanos());
        delayed.get(0).task().run();
        assertTrue(third.isDone());
        assertFalse(third.isCompletedExceptionally());
        assertEquals(3, bucket.granted());
    }

    @Test
    void refusesARateThatPacesNothing() {
        assertThrows(IllegalArgumentException.class, () -> bucket(0));
        assertThrows(IllegalArgumentException.class, () -> bucket(-1));
        assertThrows(IllegalArgumentException.class, () -> bucket(Double.POSITIVE_INFINITY));
    }

    /** Floating point may leave a permit a nanosecond short. */
    private static void assertWithinANanosecond(long expected, long actual) {
        assertTrue(Math.abs(expected - actual) <= 1, "expected " + expected + " ns, got " + actual);
    }
}
