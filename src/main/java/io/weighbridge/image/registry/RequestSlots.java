package io.weighbridge.image.registry;

import io.weighbridge.image.Deadline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Slots for work in flight, shared by registries so that one that stops answering cannot take
 * them all: a bulkhead per registry inside a bound on the total. A registry may hold at most
 * {@code perRegistry} slots; while several registries are busy (holding or waiting for slots),
 * each may hold at most an equal share of the total with one share kept free for a registry that
 * has none yet: {@code capacity / (busy + 1)}, at least one. Shares bound what is granted: slots
 * held above a share that shrank (registries arrived one by one) are kept until their requests
 * end, within the per-request timeout. Waiting never blocks a thread: a caller gets a future. A
 * freed slot goes to the longest waiting caller whose registry is under its share.
 *
 * <p>A caller that gives up at its deadline learns whose slots it waited for: its own registry
 * when that registry held all it may hold, else the registry holding the most. That is the
 * registry to blame, never the one that was kept waiting.
 */
public final class RequestSlots {
    private final int capacity;
    private final int perRegistry;
    private final String what;
    private int inUse;
    private final Map<String, Integer> held = new HashMap<>();
    private final Map<String, Integer> waitingBy = new HashMap<>();
    private final LinkedList<Waiter> waiting = new LinkedList<>();

    /** A slot held for one registry; {@link #close()} returns it once, later closes do nothing. */
    public final class Slot implements AutoCloseable {
        private final String registry;
        private boolean released;

        private Slot(String registry) {
            this.registry = registry;
        }

        @Override
        public void close() {
            List<Grant> grants;
            synchronized (RequestSlots.this) {
                if (released) {
                    return;
                }
                released = true;
                inUse--;
                held.computeIfPresent(registry, (key, count) -> count > 1 ? count - 1 : null);
                grants = grantWaiting();
            }
            grants.forEach(Grant::hand);
        }
    }

    /** Why a caller gave up: the registry whose slots it waited for, and in words. */
    static final class NoSlotException extends RegistryException {
        private final String blamed;

        NoSlotException(String reason, String blamed) {
            super(reason, false, io.weighbridge.metrics.MetricNames.OUTCOME_NO_SLOT);
            this.blamed = blamed;
        }

        /** The registry that held the slots. */
        String blamed() {
            return blamed;
        }
    }

    private record Waiter(String registry, CompletableFuture<Slot> granted, String activity) {}

    private record Grant(Waiter waiter, Slot slot) {
        void hand() {
            if (!waiter.granted().complete(slot)) {
                slot.close(); // the waiter gave up meanwhile: pass the slot on
            }
        }
    }

    /**
     * @param what what the slots are for, in messages ({@code request slot}, {@code base-detection slot})
     */
    public RequestSlots(int capacity, int perRegistry, String what) {
        if (capacity < 1 || perRegistry < 1) {
            throw new IllegalArgumentException(what + "s: at least 1 in all and 1 per registry, not " + capacity + " and " + perRegistry);
        }
        this.capacity = capacity;
        this.perRegistry = Math.min(perRegistry, capacity);
        this.what = what;
    }

    /**
     * A slot for {@code registry} now or later; fails with {@link NoSlotException} naming whom to
     * blame if none is free by the deadline.
     *
     * @param activity what the caller waits to do, for the message ({@code resolving tag 1})
     */
    public CompletableFuture<Slot> acquire(String registry, Deadline deadline, String activity) {
        Waiter waiter;
        synchronized (this) {
            if (grantable(registry)) {
                return CompletableFuture.completedFuture(take(registry));
            }
            waiter = new Waiter(registry, new CompletableFuture<>(), activity);
            waiting.add(waiter);
            waitingBy.merge(registry, 1, Integer::sum);
        }
        deadline.whenOver(() -> giveUp(waiter));
        return waiter.granted();
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized int heldBy(String registry) {
        return held.getOrDefault(registry, 0);
    }

    private void giveUp(Waiter waiter) {
        NoSlotException reason;
        synchronized (this) {
            if (waiter.granted().isDone() || !waiting.remove(waiter)) {
                return;
            }
            waitingBy.computeIfPresent(waiter.registry(), (key, count) -> count > 1 ? count - 1 : null);
            reason = blame(waiter);
        }
        waiter.granted().completeExceptionally(reason);
    }

    private NoSlotException blame(Waiter waiter) {
        Holder holder = holder(waiter.registry());
        return new NoSlotException("deadline passed while " + waiter.activity() + " (" + holder.why() + ")", holder.registry());
    }

    /** What a caller for {@code registry} waits for, in words: {@code waiting for a request slot: x holds all 8 it may hold}. */
    synchronized String waitingFor(String registry) {
        return holder(registry).why();
    }

    /** The registry that holds the slots a caller waits for, and why it is that one. */
    private record Holder(String registry, String why) {}

    private Holder holder(String own) {
        int share = share(own);
        if (held.getOrDefault(own, 0) >= share) {
            return new Holder(own, "waiting for a " + what + ": " + own + " holds all " + share + " it may hold");
        }
        Map.Entry<String, Integer> most = held.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(Map.entry(own, 0));
        return new Holder(most.getKey(), "waiting for a " + what + ": all " + capacity + " are held, " + most.getValue()
                + " by " + most.getKey());
    }

    private boolean grantable(String registry) {
        return inUse < capacity && held.getOrDefault(registry, 0) < share(registry);
    }

    /** What {@code registry} may hold now: its bound, and an equal share while others are busy, one share kept free. */
    private int share(String registry) {
        int busy = busyRegistries() + (held.containsKey(registry) || waitingBy.containsKey(registry) ? 0 : 1);
        return Math.max(1, Math.min(perRegistry, capacity / (busy + 1)));
    }

    private int busyRegistries() {
        int busy = held.size();
        for (String registry : waitingBy.keySet()) {
            if (!held.containsKey(registry)) {
                busy++;
            }
        }
        return busy;
    }

    private Slot take(String registry) {
        inUse++;
        held.merge(registry, 1, Integer::sum);
        return new Slot(registry);
    }

    /** The waiters that may have a slot now, longest waiting first; their slots are taken here, handed over outside the lock. */
    private List<Grant> grantWaiting() {
        List<Grant> grants = new ArrayList<>();
        for (Iterator<Waiter> it = waiting.iterator(); it.hasNext() && inUse < capacity; ) {
            Waiter waiter = it.next();
            if (waiter.granted().isDone()) {
                it.remove();
                continue;
            }
            if (grantable(waiter.registry())) {
                it.remove();
                waitingBy.computeIfPresent(waiter.registry(), (key, count) -> count > 1 ? count - 1 : null);
                grants.add(new Grant(waiter, take(waiter.registry())));
            }
        }
        return grants;
    }
}
