package io.weighbridge.image;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * An asynchronous semaphore bounding registry requests in flight. Waiting never blocks a thread:
 * a caller gets a future that completes when a permit frees up.
 */
final class RequestPermits {
    private final int capacity;
    private int inUse;
    private final Queue<CompletableFuture<Permit>> waiting = new ArrayDeque<>();

    /** Returned to the pool once, by {@link #close()}; later closes do nothing. */
    final class Permit implements AutoCloseable {
        private boolean released;

        @Override
        public void close() {
            CompletableFuture<Permit> next;
            synchronized (RequestPermits.this) {
                if (released) {
                    return;
                }
                released = true;
                next = waiting.poll();
                while (next != null && next.isDone()) {
                    next = waiting.poll();
                }
                if (next == null) {
                    inUse--;
                    return;
                }
            }
            // The permit passes straight to the next waiter; if it gave up meanwhile, pass it on.
            if (!next.complete(new Permit())) {
                synchronized (RequestPermits.this) {
                    inUse--;
                }
                wakeNext();
            }
        }
    }

    RequestPermits(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("max-concurrent-requests must be at least 1");
        }
        this.capacity = capacity;
    }

    /** A permit now or later; a caller that gives up completes the future exceptionally itself. */
    synchronized CompletableFuture<Permit> acquire() {
        if (inUse < capacity) {
            inUse++;
            return CompletableFuture.completedFuture(new Permit());
        }
        CompletableFuture<Permit> waiter = new CompletableFuture<>();
        waiting.add(waiter);
        return waiter;
    }

    synchronized int inUse() {
        return inUse;
    }

    private void wakeNext() {
        CompletableFuture<Permit> next;
        synchronized (this) {
            if (inUse >= capacity) {
                return;
            }
            next = waiting.poll();
            while (next != null && next.isDone()) {
                next = waiting.poll();
            }
            if (next == null) {
                return;
            }
            inUse++;
        }
        if (!next.complete(new Permit())) {
            synchronized (this) {
                inUse--;
            }
            wakeNext();
        }
    }
}
