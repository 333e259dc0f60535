package io.weighbridge.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.image.Deadline;
import io.weighbridge.metrics.MetricNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The bulkheads: what one registry may hold, what is kept for others, who gets a freed slot, whom a waiter blames. */
class RequestSlotsTest {
    private final Deadline LONG = Deadline.in(Duration.ofSeconds(20));

    private final RequestSlots slots = new RequestSlots(32, 8, "request slot");

    private List<RequestSlots.Slot> take(String registry, int count) {
        List<RequestSlots.Slot> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CompletableFuture<RequestSlots.Slot> slot = slots.acquire(registry, LONG, "resolving tag 1");
            assertTrue(slot.isDone(), registry + " got no slot at once after " + i);
            taken.add(slot.join());
        }
        return taken;
    }

    @Test
    void aRegistryHoldsAtMostItsOwnBoundAndOthersGoOnAtOnce() {
        take("hanging.example", 8);
        CompletableFuture<RequestSlots.Slot> ninth = slots.acquire("hanging.example", LONG, "resolving tag 1");

        assertFalse(ninth.isDone(), "a ninth slot for one registry");
        take("healthy.example", 8);
        assertEquals(16, slots.inUse());
    }

    @Test
    void manyBusyRegistriesLeaveAShareForOneThatHasNoneOnceTheirRequestsEnd() {
        // Ten registries that hang, each asking for all it can; the first ones take their bound.
        List<RequestSlots.Slot> first = new ArrayList<>();
        List<CompletableFuture<RequestSlots.Slot>> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (int request = 0; request < 8; request++) {
                CompletableFuture<RequestSlots.Slot> slot =
                        slots.acquire("hanging-" + i + ".example", LONG, "resolving tag 1");
                if (slot.isDone()) {
                    first.add(slot.join());
                } else {
                    waiting.add(slot);
                }
            }
        }
        assertEquals(32, slots.inUse(), "the pool fills while the registries arrive one by one");

        // Their requests time out and end. The three that got all they asked for are done; the seven
        // still waiting now get an equal share each, 32 / (7 + 1) = 4, and one share stays free.
        first.forEach(RequestSlots.Slot::close);

        assertTrue(32 - slots.inUse() >= 4, slots.inUse() + " in use");
        assertEquals(
                slots.inUse(),
                waiting.stream().filter(CompletableFuture::isDone).count());
        take("healthy.example", 2);
    }

    @Test
    void aFreedSlotGoesToTheLongestWaitingCallerWhoseRegistryMayHoldIt() {
        List<RequestSlots.Slot> held = take("a.example", 8);
        CompletableFuture<RequestSlots.Slot> first = slots.acquire("a.example", LONG, "resolving tag 1");
        CompletableFuture<RequestSlots.Slot> second = slots.acquire("a.example", LONG, "resolving tag 2");

        held.get(0).close();
        held.get(0).close(); // a second close frees nothing more

        assertTrue(first.isDone() && !second.isDone());
        assertEquals(8, slots.heldBy("a.example"));
    }

    @Test
    void aCallerThatGivesUpBlamesItsOwnRegistryWhenThatHoldsAllItMay() {
        take("hanging.example", 8);

        CompletionException failure = assertThrows(
                CompletionException.class,
                () -> slots.acquire("hanging.example", Deadline.in(Duration.ofMillis(50)), "resolving tag 1")
                        .join());

        RequestSlots.NoSlotException noSlot = assertInstanceOf(RequestSlots.NoSlotException.class, failure.getCause());
        assertEquals("hanging.example", noSlot.blamed());
        assertEquals(MetricNames.OUTCOME_NO_SLOT, noSlot.outcome());
        assertEquals(
                "deadline passed while resolving tag 1 (waiting for a request slot: hanging.example holds all 8 it may hold)",
                noSlot.getMessage());
    }

    @Test
    void aCallerKeptOutOfAFullPoolBlamesTheRegistryHoldingTheMost() {
        RequestSlots small = new RequestSlots(4, 4, "request slot");
        // Alone, a registry may hold half of the four; a second one then gets its share of the rest.
        for (int i = 0; i < 2; i++) {
            assertTrue(small.acquire("hanging.example", LONG, "x").isDone());
        }
        assertTrue(small.acquire("other.example", LONG, "x").isDone());
        assertTrue(small.acquire("third.example", LONG, "x").isDone());

        CompletionException failure = assertThrows(
                CompletionException.class,
                () -> small.acquire("healthy.example", Deadline.in(Duration.ofMillis(50)), "fetching config")
                        .join());

        RequestSlots.NoSlotException noSlot = assertInstanceOf(RequestSlots.NoSlotException.class, failure.getCause());
        assertEquals("hanging.example", noSlot.blamed(), noSlot.getMessage());
        assertTrue(
                noSlot.getMessage().endsWith("(waiting for a request slot: all 4 are held, 2 by hanging.example)"),
                noSlot.getMessage());
    }

    @Test
    void aGrantedSlotIsNotLostWhenItsCallerHasGivenUp() throws InterruptedException {
        List<RequestSlots.Slot> held = take("a.example", 8);
        CompletableFuture<RequestSlots.Slot> impatient =
                slots.acquire("a.example", Deadline.in(Duration.ofMillis(20)), "x");
        Thread.sleep(100);
        assertTrue(impatient.isCompletedExceptionally());

        held.forEach(RequestSlots.Slot::close);

        assertEquals(0, slots.inUse());
    }
}
