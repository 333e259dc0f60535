package io.weighbridge.policy;

import io.weighbridge.image.BaseImage;
import io.weighbridge.image.Digest;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.ImageWeigher;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.Layer;
import io.weighbridge.image.WeighingContext;
import io.weighbridge.image.WeighingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory weigher for pure policy logic: answers with weights the test built. */
final class FakeWeigher implements ImageWeigher {
    static final long MIB = 1024 * 1024;
    static final long GIB = 1024 * MIB;

    private final Map<String, ImageWeight> weights = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private final Set<String> silent = new HashSet<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    FakeWeigher with(ImageWeight weight) {
        weights.put(weight.reference().toString(), weight);
        return this;
    }

    FakeWeigher failing(String reference, String reason) {
        failures.put(ImageReference.parse(reference).toString(), reason);
        return this;
    }

    /** This reference never gets an answer. */
    FakeWeigher silentOn(String reference) {
        silent.add(ImageReference.parse(reference).toString());
        return this;
    }

    int calls(String reference) {
        AtomicInteger count = calls.get(ImageReference.parse(reference).toString());
        return count == null ? 0 : count.get();
    }

    int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public CompletableFuture<ImageWeight> weigh(ImageReference reference, WeighingContext context) {
        String key = reference.toString();
        calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (silent.contains(key)) {
            return new CompletableFuture<>();
        }
        if (failures.containsKey(key)) {
            return CompletableFuture.failedFuture(new WeighingException(failures.get(key)));
        }
        ImageWeight weight = weights.get(key);
        return weight != null
                ? CompletableFuture.completedFuture(weight)
                : CompletableFuture.failedFuture(new WeighingException(key + ": manifest unknown"));
    }

    /** An image of the given layer sizes, bottom first, on the given base. Layer digests derive from the sizes. */
    static ImageWeight image(String reference, BaseImage base, long... layerSizes) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < layerSizes.length; i++) {
            layers.add(new Layer(
                    digest(reference, i), layerSizes[i], "application/vnd.oci.image.layer.v1.tar+gzip", null));
        }
        return new ImageWeight(
                ImageReference.parse(reference), digest(reference, -1), "linux/amd64", 1000, layers, base);
    }

    /** An image with its layers given in full (digests and history). */
    static ImageWeight image(String reference, BaseImage base, List<Layer> layers) {
        return new ImageWeight(
                ImageReference.parse(reference), digest(reference, -1), "linux/amd64", 1000, layers, base);
    }

    static Digest digest(String seed, int index) {
        return Digest.parse("sha256:" + String.format("%064x", Math.abs((long) (seed + "#" + index).hashCode())));
    }
}
