package io.weighbridge.audit;

import io.weighbridge.image.RequestPace;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * At most {@code rate} permits per second, in bursts of at most {@code rate} (at least one): how
 * the audit paces its registry requests so a pass never floods a registry. Permits are handed
 * out in the order they are asked for; one asked for when none is left is due once the bucket
 * has refilled for it and every permit asked for before it. Waiting never blocks a thread.
 */
final class TokenBucket implements RequestPace {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Runs a task after a delay. */
    @FunctionalInterface
    interface Delays {
        void after(long nanos, Runnable task);
    }

    private final double perNano;
    private final double capacity;
    private final LongSupplier nanoTime;
    private final Delays delays;
    private double tokens;
    private long refilledAt;
    private long granted;

    TokenBucket(double perSecond) {
        this(
                perSecond,
                System::nanoTime,
                (nanos, task) -> CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS)
                        .execute(task));
    }

    TokenBucket(double perSecond, LongSupplier nanoTime, Delays delays) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("the rate must be above 0 and finite, not " + perSecond);
        }
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.capacity = Math.max(1, perSecond);
        this.nanoTime = nanoTime;
        this.delays = delays;
        this.tokens = capacity;
        this.refilledAt = nanoTime.getAsLong();
    }

    @Override
    public CompletableFuture<Void> next() {
        long wait = reserve();
        if (wait == 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> turn = new CompletableFuture<>();
        delays.after(wait, () -> turn.complete(null));
        return turn;
    }

    /** Takes the next permit and answers how many nanoseconds to wait before using it: 0 for at once. */
    synchronized long reserve() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        tokens -= 1;
        granted++;
        return tokens >= 0 ? 0 : Math.max(1, (long) Math.ceil(-tokens / perNano));
    }

    /** Permits handed out so far, due or not yet due. */
    synchronized long granted() {
        return granted;
    }
}
