package io.weighbridge.testing;

import io.weighbridge.image.ImageReference;
import io.weighbridge.image.ImageWeigher;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.WeighingContext;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts (and orders) every weighing asked of the real weigher, per reference, so tests can tell an
 * image was weighed once. A decorator: it wraps the weigher of every {@code @QuarkusTest}, and
 * counts at the moment the weighing is asked, before the registry answers.
 */
@Decorator
@Priority(10)
public abstract class CountingWeigher implements ImageWeigher {
    public static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    /** "ask REF" and "done REF", in the order they happened. */
    public static final java.util.Queue<String> EVENTS = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Inject
    @Delegate
    ImageWeigher delegate;

    @Override
    public CompletableFuture<ImageWeight> weigh(ImageReference reference, WeighingContext context) {
        CALLS.computeIfAbsent(reference.toString(), key -> new AtomicInteger()).incrementAndGet();
        EVENTS.add("ask " + reference);
        return delegate.weigh(reference, context).whenComplete((weight, failure) -> EVENTS.add("done " + reference));
    }

    public static int calls(String reference) {
        AtomicInteger count = CALLS.get(reference);
        return count == null ? 0 : count.get();
    }
}
