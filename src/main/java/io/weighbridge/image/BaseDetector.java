package io.weighbridge.image;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.weighbridge.image.registry.Repository;
import io.weighbridge.image.registry.RequestSlots;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells the base distribution from the bottom layers: streams at most {@value #MAX_LAYERS} of
 * them through gunzip and tar, looking for {@code os-release} and {@code etc/alpine-release},
 * and stops as soon as it knows. Failures become {@link BaseImage#UNKNOWN}; they never fail a
 * weighing. What each layer read said is kept by layer digest ({@link LayerMarkers}), so a new
 * image on a base read before is told without reading any of its layers: once per distinct base.
 * (An image whose config names its base is told by {@link BaseHint} and never comes here.)
 *
 * <p>Its budget is its own, so no image's detection can delay another image's verdict: streaming
 * blocks, so it runs on {@value #THREADS} threads of its own (never the event loop), each taken
 * only with a slot of the image's registry ({@link RequestSlots}: at most {@value #PER_REGISTRY} per
 * registry, an equal share while several are busy), and each detection gets
 * {@code base-detection-timeout} of its own, whoever waits for it. A registry whose layers hang
 * holds only its own slots; an image of another registry is read at once.
 */
final class BaseDetector implements AutoCloseable {
    static final int MAX_LAYERS = 3;
    static final int THREADS = 8;
    static final int PER_REGISTRY = 2;
    /** Heap the cache of detections may hold: some 5,000 bases. */
    static final long CACHE_BYTES = 2L * 1024 * 1024;

    private static final Duration RETRY_UNCERTAIN_AFTER = Duration.ofMinutes(1);

    /** {@code settled}: the answer follows from the layer bytes and may be cached for good. */
    record Detection(BaseImage base, boolean settled) {}

    /** Seam for tests and for the registry: opens a layer blob as a stream, within the detection's budget. */
    interface LayerSource {
        InputStream open(Digest layer, Deadline budget) throws IOException;
    }

    /** The layers of {@code repository}, each opened with the detection's own budget, waited for on a detection thread. */
    static LayerSource layersOf(Repository repository) {
        return (layer, budget) -> {
            try {
                return repository
                        .within(budget)
                        .openLayer(layer)
                        .get(Math.max(1, budget.remainingMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IOException("deadline passed while opening a layer");
            } catch (ExecutionException e) {
                throw new IOException(Futures.cause(e).getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        };
    }

    private final ThreadPoolExecutor executor;
    private final RequestSlots slots = new RequestSlots(THREADS, PER_REGISTRY, "base-detection slot");
    private final long maxCompressedBytes;
    private final Duration budget;
    private final AsyncCache<List<Digest>, Detection> cache;
    private final LayerMarkers markers = new LayerMarkers();

    BaseDetector(long maxCompressedBytes, Duration budget) {
        this.executor = new ThreadPoolExecutor(
                THREADS,
                THREADS,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                Threads.daemons("weighbridge-base-detection"));
        this.executor.allowCoreThreadTimeOut(true);
        this.maxCompressedBytes = maxCompressedBytes;
        this.budget = budget;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(CACHE_BYTES)
                .weigher((List<Digest> key, Detection detection) -> HeapBytes.weight(HeapBytes.CACHE_ENTRY
                        + 32
                        + 4L * key.size()
                        + key.stream().mapToLong(HeapBytes::digest).sum()
                        + 2 * HeapBytes.SMALL_OBJECT
                        + HeapBytes.text(detection.base().distribution())
                        + HeapBytes.text(detection.base().version())))
                .expireAfter(new Expiry<List<Digest>, Detection>() {
                    @Override
                    public long expireAfterCreate(List<Digest> key, Detection value, long now) {
                        return value.settled() ? Long.MAX_VALUE : RETRY_UNCERTAIN_AFTER.toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(List<Digest> key, Detection value, long now, long current) {
                        return expireAfterCreate(key, value, now);
                    }

                    @Override
                    public long expireAfterRead(List<Digest> key, Detection value, long now, long current) {
                        return current;
                    }
                })
                .buildAsync();
    }

    /** The base of an image of {@code registry} with these layers (bottom first); never fails. */
    CompletableFuture<BaseImage> detect(String registry, List<Layer> layers, LayerSource source) {
        if (layers.isEmpty()) {
            return CompletableFuture.completedFuture(BaseImage.SCRATCH);
        }
        List<Digest> key = layers.stream().limit(MAX_LAYERS).map(Layer::digest).toList();
        boolean readsAllLayers = layers.size() <= MAX_LAYERS;
        return cache.get(key, (k, ignored) -> {
                    Optional<Detection> known = markers.known(k, readsAllLayers);
                    if (known.isPresent()) {
                        return CompletableFuture.completedFuture(known.get());
                    }
                    Deadline own = Deadline.in(budget);
                    return slots.acquire(registry, own, "detecting the base")
                            .thenApplyAsync(
                                    slot -> {
                                        try (slot) {
                                            return LayerScan.scan(
                                                    k, readsAllLayers, source, own, maxCompressedBytes, markers);
                                        }
                                    },
                                    executor)
                            .exceptionally(failure -> new Detection(BaseImage.UNKNOWN, false));
                })
                .thenApply(Detection::base)
                .exceptionally(failure -> BaseImage.UNKNOWN);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
