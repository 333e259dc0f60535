package io.weighbridge.image;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads of the weighing's own pools: named for thread dumps, daemons so they never hold the JVM up. */
public final class Threads {
    private Threads() {}

    /** {@code name-1}, {@code name-2}, … */
    public static ThreadFactory daemons(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
