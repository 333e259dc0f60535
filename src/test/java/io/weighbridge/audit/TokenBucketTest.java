package io.weighbridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void allowsABurstOfTheRateThenOnePermitPerInterval() {
        AtomicLong now = new AtomicLong();
        TokenBucket bucket = new TokenBucket(5, now::get);

        for (int i = 0; i < 5; i++) {
            assertEquals(0, bucket.tryAcquire());
        }
        long wait = bucket.tryAcquire();
        assertTrue(wait > 199_000_000L && wait <= 200_000_000L, "wait " + wait);
        now.addAndGet(200_000_000L);
        assertEquals(0, bucket.tryAcquire());
        assertTrue(bucket.tryAcquire() > 0);
    }

    @Test
    void aRateBelowOnePerSecondStillAllowsOnePermit() {
        AtomicLong now = new AtomicLong();
        TokenBucket bucket = new TokenBucket(0.5, now::get);

        assertEquals(0, bucket.tryAcquire());
        assertEquals(2_000_000_000L, bucket.tryAcquire());
    }
}
