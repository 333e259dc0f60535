package io.weighbridge.image.registry;

import io.weighbridge.image.Deadline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
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
 *
 * <p>Waiters queue per registry in arrival order, so that a grant costs a look at each registry's
 * oldest waiter and a waiter that gives up leaves at once: a Pod of 10,000 images of a registry
 * that never answers once cost a scan of all 10,000 waiters on every freed slot and every give-up,
 * and its admission was answered seconds late.
 */
public final class RequestSlots {
    private final int capacity;
    private final int perRegistry;
    private final String what;
    private int inUse;
    private final Map<String, Integer> held = new HashMap<>();
    /** Each registry's waiters, oldest first; a registry is here only while someone waits for it. */
    private final Map<String, LinkedHashSet<Waiter>> waitingBy = new HashMap<>();
    /** Arrival order across registries: the oldest waiter of a registry under its share goes first. */
    private long arrivals;

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

    private record Waiter(long arrival, String registry, CompletableFuture<Slot> granted, String activity) {}

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
            throw new IllegalArgumentException(
                    what + "s: at least 1 in all and 1 per registry, not " + capacity + " and " + perRegistry);
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
            waiter = new Waiter(arrivals++, registry, new CompletableFuture<>(), activity);
            waitingBy.computeIfAbsent(registry, key -> new LinkedHashSet<>()).add(waiter);
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
            if (waiter.granted().isDone() || !leave(waiter)) {
                return;
            }
            reason = blame(waiter);
        }
        waiter.granted().completeExceptionally(reason);
    }

    private NoSlotException blame(Waiter waiter) {
        Holder holder = holder(waiter.registry());
        return new NoSlotException(
                "deadline passed while " + waiter.activity() + " (" + holder.why() + ")", holder.registry());
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
        Map.Entry<String, Integer> most =
                held.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(Map.entry(own, 0));
        return new Holder(
                most.getKey(),
                "waiting for a " + what + ": all " + capacity + " are held, " + most.getValue() + " by "
                        + most.getKey());
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
        while (inUse < capacity) {
            Waiter oldest = null;
            for (String registry : List.copyOf(waitingBy.keySet())) {
                Waiter head = oldestWaiting(registry);
                if (head != null && grantable(registry) && (oldest == null || head.arrival() < oldest.arrival())) {
                    oldest = head;
                }
            }
            if (oldest == null) {
                return grants;
            }
            leave(oldest);
            grants.add(new Grant(oldest, take(oldest.registry())));
        }
        return grants;
    }

    /** The registry's oldest waiter that still waits (one whose caller stopped waiting leaves here), or {@code null}. */
    private Waiter oldestWaiting(String registry) {
        LinkedHashSet<Waiter> queue = waitingBy.get(registry);
        for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (!waiter.granted().isDone()) {
                return waiter;
            }
            it.remove();
        }
        waitingBy.remove(registry);
        return null;
    }

    /** Takes the waiter out of its registry's queue; false when it was not there. */
    private boolean leave(Waiter waiter) {
        LinkedHashSet<Waiter> queue = waitingBy.get(waiter.registry());
        if (queue == null || !queue.remove(waiter)) {
            return false;
        }
        if (queue.isEmpty()) {
            waitingBy.remove(waiter.registry());
        }
        return true;
    }
}
