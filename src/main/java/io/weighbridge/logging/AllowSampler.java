package io.weighbridge.logging;

import java.util.function.LongSupplier;

/**
 * Lets at most a number of allow lines through per second and counts the rest, so a cluster
 * admitting thousands of objects a second does not write a line for each (at 10k admissions a
 * second that was a gigabyte in 25 minutes). Thread-safe; one lock, held for a few instructions.
 */
public final class AllowSampler {
    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int inWindow;
    private long suppressed;

    /** @param perSecond lines let through per second; negative lets every line through */
    public AllowSampler(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    /** @param nanoClock {@link System#nanoTime()} in use; a test's own clock in tests */
    public AllowSampler(int perSecond, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /** Whether this allow is logged; when not, it is counted. */
    public synchronized boolean admit() {
        if (perSecond < 0) {
            return true;
        }
        long now = nanoClock.getAsLong();
        if (now - windowStart >= SECOND) {
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow < perSecond) {
            inWindow++;
            return true;
        }
        suppressed++;
        return false;
    }

    /** The allows not logged since the last call, and starts counting again. */
    public synchronized long drainSuppressed() {
        long count = suppressed;
        suppressed = 0;
        return count;
    }

    public int perSecond() {
        return perSecond;
    }
}
