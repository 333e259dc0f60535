package io.weighbridge.image;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The time one piece of work has: an admission, a dry run, one image of an audit, one build
 * output. It is made once where the work enters, from that entry point's one setting, handed
 * down unchanged, and asked how long is left by every layer under it; nothing below an entry
 * point computes a deadline from a setting of its own.
 *
 * <p>A deadline ends when its time is up or when {@link #cancel()} is called, whichever comes
 * first, and then runs what was registered with {@link #whenOver}: the waits it bounds give up,
 * the requests it started are reset. A deadline derived from another ({@link #sooner},
 * {@link #lessBy}) never ends later than its parent and ends with it. One clock thread keeps
 * the time of every deadline, and only of those something waits on; what a deadline runs when it
 * ends runs on a small pool, so a slow action never holds up another deadline.
 */
public final class Deadline {
    private static final Logger LOG = Logger.getLogger(Deadline.class);
    private static final ScheduledThreadPoolExecutor CLOCK = clock();
    private static final ForkJoinPool ACTIONS = new ForkJoinPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            pool -> {
                var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                thread.setName("weighbridge-deadline-action-" + thread.getPoolIndex());
                thread.setDaemon(true);
                return thread;
            },
            null,
            true);

    private final long endNanos;
    private final Deadline parent;
    /** What runs when the deadline ends, in the order it was registered: the first to wait on it answers first. */
    private final Queue<Runnable> actions = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile boolean over;
    private volatile ScheduledFuture<?> timer;

    private Deadline(long endNanos, Deadline parent) {
        this.endNanos = endNanos;
        this.parent = parent;
    }

    /** A deadline {@code budget} from now. */
    public static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + Math.max(0, budget.toNanos()), null);
    }

    /** At most {@code budget} from now, and never later than this deadline; it ends with this one. */
    public Deadline sooner(Duration budget) {
        long end = Math.min(endNanos, System.nanoTime() + Math.max(0, budget.toNanos()));
        return new Deadline(end, this);
    }

    /** {@code margin} before this deadline (time kept back for the work around it); it ends with this one. */
    public Deadline lessBy(Duration margin) {
        return new Deadline(endNanos - Math.max(0, margin.toNanos()), this);
    }

    /** What is left, never negative; zero once the deadline has ended. */
    public Duration remaining() {
        return passed() ? Duration.ZERO : Duration.ofNanos(endNanos - System.nanoTime());
    }

    public long remainingMillis() {
        return remaining().toMillis();
    }

    /** True once the time is up or the deadline was cancelled. */
    public boolean passed() {
        return over || System.nanoTime() - endNanos >= 0 || parent != null && parent.passed();
    }

    /** Ends the deadline now: everything registered with {@link #whenOver} runs. */
    public void cancel() {
        ScheduledFuture<?> scheduled = timer;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        end();
    }

    /**
     * Runs {@code action} once the deadline ends (at once if it has): a wait that gives up, a
     * request that is reset. Actions run in the order they were registered, each once; they must
     * be quick and must not block.
     */
    public void whenOver(Runnable action) {
        arm();
        actions.add(action);
        if (over) {
            runActions(); // it ended while the action was being added
        }
    }

    /**
     * The work's result, or {@code atDeadline}'s if the work is not done when the deadline ends.
     * The work itself is left alone (others may wait for it too).
     */
    public <T> CompletableFuture<T> bound(CompletableFuture<T> work, Supplier<? extends T> atDeadline) {
        CompletableFuture<T> answer = work.copy();
        if (!answer.isDone()) {
            whenOver(() -> answer.complete(atDeadline.get()));
        }
        return answer;
    }

    /** The work's result, or a failure with {@code why}'s exception if it is not done when the deadline ends. */
    public <T> CompletableFuture<T> failAtEnd(CompletableFuture<T> work, Supplier<? extends Throwable> why) {
        CompletableFuture<T> answer = work.copy();
        if (!answer.isDone()) {
            whenOver(() -> answer.completeExceptionally(why.get()));
        }
        return answer;
    }

    /** Starts keeping time for this deadline, once, the first time something waits on it. */
    private void arm() {
        if (!armed.compareAndSet(false, true)) {
            return;
        }
        if (parent != null) {
            parent.whenOver(this::cancel);
            if (endNanos - parent.endNanos >= 0) {
                return; // the parent's end is this one's
            }
        }
        long delay = endNanos - System.nanoTime();
        if (delay <= 0) {
            ACTIONS.execute(this::end);
            return;
        }
        timer = CLOCK.schedule(() -> ACTIONS.execute(this::end), delay, TimeUnit.NANOSECONDS);
    }

    private void end() {
        over = true;
        runActions();
    }

    private void runActions() {
        for (Runnable next = actions.poll(); next != null; next = actions.poll()) {
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "an action at the end of a deadline failed; the others still run");
            }
        }
    }

    @Override
    public String toString() {
        return passed() ? "Deadline[over]" : "Deadline[" + remainingMillis() + " ms left]";
    }

    private static ScheduledThreadPoolExecutor clock() {
        ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "weighbridge-deadline-clock");
            thread.setDaemon(true);
            return thread;
        });
        clock.setRemoveOnCancelPolicy(true);
        return clock;
    }
}
