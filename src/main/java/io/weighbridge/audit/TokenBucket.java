package io.weighbridge.audit;

import java.util.function.LongSupplier;

/**
 * At most {@code rate} permits per second, in bursts of at most {@code rate} (at least one):
 * how the audit paces new image weighings so a pass never floods a registry.
 */
final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double perNano;
    private final double capacity;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    TokenBucket(double perSecond) {
        this(perSecond, System::nanoTime);
    }

    TokenBucket(double perSecond, LongSupplier nanoTime) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("the rate must be above 0, not " + perSecond);
        }
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.capacity = Math.max(1, perSecond);
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes a permit, waiting as long as needed. */
    void acquire() throws InterruptedException {
        long wait;
        while ((wait = tryAcquire()) > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Takes a permit and answers 0, or answers how many nanoseconds until one is due. */
    synchronized long tryAcquire() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
    }
}
