package io.weighbridge.image.registry;

import io.weighbridge.image.Futures;
import io.weighbridge.metrics.RegistryMetrics;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Pacing and bulkheads: each exchange first waits for its turn (the audit's rate limit), then for
 * a slot of its target registry ({@link RequestSlots}), and holds the slot until its answer is
 * read (a streamed body: until the reader closes it). Both waits end at the request's deadline,
 * each with its own reason; a request that gave up on a slot is counted for the registry that
 * held the slots, never as the waiting registry's timeout.
 */
final class Bulkhead implements Transport {
    private final RequestSlots slots;
    private final Transport inner;
    private final RegistryMetrics metrics;

    Bulkhead(RequestSlots slots, Transport inner, RegistryMetrics metrics) {
        this.slots = slots;
        this.inner = inner;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<RegistryResponse> send(RegistryRequest request) {
        CompletableFuture<Void> turn = request.pace().next();
        if (!turn.isDone()) {
            String waiting = request.description() + " (waiting for the request rate limit)";
            request.waits().accept(waiting);
            turn = request.deadline().failAtEnd(turn, () -> RegistryException.deadlinePassed(waiting));
        }
        return turn.thenCompose(go -> {
                    CompletableFuture<RequestSlots.Slot> slot =
                            slots.acquire(request.target(), request.deadline(), request.description());
                    if (!slot.isDone()) {
                        request.waits().accept(request.description() + " (" + slots.waitingFor(request.target()) + ")");
                    }
                    return slot;
                })
                .whenComplete((slot, failure) -> {
                    if (Futures.cause(failure) instanceof RequestSlots.NoSlotException noSlot) {
                        metrics.noSlot(noSlot.blamed());
                    }
                })
                .thenCompose(slot -> holding(slot, request));
    }

    private CompletableFuture<RegistryResponse> holding(RequestSlots.Slot slot, RegistryRequest request) {
        CompletableFuture<RegistryResponse> answer;
        try {
            answer = inner.send(request);
        } catch (RuntimeException e) {
            slot.close();
            throw e;
        }
        return answer.handle((response, failure) -> {
            if (response == null || response.stream().isEmpty()) {
                slot.close();
            }
            if (failure != null) {
                throw new CompletionException(Futures.cause(failure));
            }
            return response.stream().isEmpty()
                    ? response
                    : response.withStream(new Releasing(response.stream().get(), slot));
        });
    }

    /** A streamed body that returns its slot when the reader closes it. */
    private static final class Releasing extends FilterInputStream {
        private final RequestSlots.Slot slot;

        Releasing(InputStream body, RequestSlots.Slot slot) {
            super(body);
            this.slot = slot;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                slot.close();
            }
        }
    }
}
