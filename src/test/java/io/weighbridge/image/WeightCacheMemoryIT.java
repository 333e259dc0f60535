package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.weighbridge.image.WeighingCaches.CacheScope;
import io.weighbridge.image.WeighingCaches.Contents;
import io.weighbridge.image.WeighingCaches.WeightKey;
import io.weighbridge.metrics.MetricNames;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.PushedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * The weights cache is bounded by {@code cache-max-memory}, over an estimate of each entry's
 * heap bytes: the estimate is held to what JOL measures of real entries, and a cache filled far
 * past a small bound keeps under it by evicting.
 */
class WeightCacheMemoryIT {
    static {
        // JOL cannot ask Unsafe for the field offsets of records; it finds them by probing instead.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private final Fixtures fixtures = Fixtures.get();
    private final List<RegistryImageWeigher> weighers = new ArrayList<>();
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        weighers.forEach(RegistryImageWeigher::close);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private RegistryImageWeigher weigher(RegistryConfig config, SimpleMeterRegistry meters) {
        RegistryImageWeigher weigher =
                RegistryImageWeigher.builder(vertx, config).meters(meters).build();
        weighers.add(weigher);
        return weigher;
    }

    private static ImageWeight weigh(RegistryImageWeigher weigher, PushedImage image) {
        return weigher.weigh(image.reference(), new WeighingContext(Deadline.in(Duration.ofSeconds(30)), "default"))
                .join();
    }

    private static Map.Entry<WeightKey, ImageWeight> entryOf(
            Contents<WeightKey, ImageWeight> contents, PushedImage image) {
        return contents.entries().entrySet().stream()
                .filter(entry -> entry.getKey()
                        .scope()
                        .repository()
                        .equals(image.reference().repository()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("not cached: " + image.reference()));
    }

    @Test
    void theEstimateCoversWhatAnEntryOccupiesAndGrowsWithItsLayers() {
        RegistryImageWeigher weigher =
                weigher(TestRegistryConfig.forLocal(fixtures.plainRegistry().hostPort()), new SimpleMeterRegistry());
        PushedImage small = fixtures.small();
        PushedImage many = fixtures.manyLayers();
        weigh(weigher, small);
        weigh(weigher, many);
        Contents<WeightKey, ImageWeight> contents = weigher.caches().weightContents();

        Map.Entry<WeightKey, ImageWeight> smallEntry = entryOf(contents, small);
        Map.Entry<WeightKey, ImageWeight> manyEntry = entryOf(contents, many);
        assertEquals(2, smallEntry.getValue().layers().size());
        assertEquals(45, manyEntry.getValue().layers().size());

        for (Map.Entry<WeightKey, ImageWeight> entry : List.of(smallEntry, manyEntry)) {
            // The weight holds the very digest its key holds: one object for both.
            assertSame(entry.getKey().digest(), entry.getValue().digest());
            long measured =
                    GraphLayout.parseInstance(entry.getKey(), entry.getValue()).totalSize();
            long estimated = WeighingCaches.weightEntryBytes(entry.getKey(), entry.getValue()) - HeapBytes.CACHE_ENTRY;
            System.out.printf(
                    "weights cache entry %s: %d layers, JOL %d bytes, estimate %d bytes (+%d for the cache's node)%n",
                    entry.getKey().scope().repository(),
                    entry.getValue().layers().size(),
                    measured,
                    estimated,
                    HeapBytes.CACHE_ENTRY);
            assertTrue(estimated >= measured, "estimate " + estimated + " below the measured " + measured);
            assertTrue(estimated <= measured * 3 / 2, "estimate " + estimated + " far above the measured " + measured);
        }
        long smallBytes = WeighingCaches.weightEntryBytes(smallEntry.getKey(), smallEntry.getValue());
        long manyBytes = WeighingCaches.weightEntryBytes(manyEntry.getKey(), manyEntry.getValue());
        // 43 more layers, each at least a Layer and its digest's 32 bytes (80 bytes with their headers).
        assertTrue(
                manyBytes - smallBytes > 43 * (32 + 48),
                "45 layers " + manyBytes + " B, 2 layers " + smallBytes + " B");
    }

    @Test
    void aCacheFilledFarPastItsMemoryBoundEvictsAndStaysUnderIt() {
        long bound = 64 * 1024;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RegistryImageWeigher weigher = weigher(
                ConfigOverrides.of(TestRegistryConfig.forLocal(
                                fixtures.plainRegistry().hostPort()))
                        .cacheMaxMemory(bound),
                meters);
        ImageWeight small = weigh(weigher, fixtures.small());
        ImageWeight many = weigh(weigher, fixtures.manyLayers());
        int copies = 200;
        long offered = 0;
        for (int i = 0; i < copies; i++) {
            ImageWeight copy = copyUnder(i % 2 == 0 ? small : many, "app/copy-" + i);
            weigher.caches().putWeight(copy);
            offered += WeighingCaches.weightEntryBytes(
                    new WeightKey(CacheScope.of(copy.reference(), Credential.ANONYMOUS), copy.digest()), copy);
        }

        Contents<WeightKey, ImageWeight> contents = weigher.caches().weightContents();

        long held = contents.entries().entrySet().stream()
                .mapToLong(entry -> WeighingCaches.weightEntryBytes(entry.getKey(), entry.getValue()))
                .sum();
        long inserted = copies + 2;
        double evictions = meters.get(MetricNames.CACHE_EVICTIONS)
                .tag("cache", "weights")
                .functionCounter()
                .count();
        System.out.printf(
                "weights cache bound %d B: offered %d entries (~%d B), holds %d entries (%d B), %.0f evicted%n",
                bound, inserted, offered, contents.entries().size(), held, evictions);
        assertTrue(offered > 4 * bound, "the test offers too little to overflow the bound: " + offered);
        assertEquals(held, contents.weightedBytes(), "Caffeine weighs each entry by the estimate");
        assertTrue(held <= bound, held + " bytes held, above the bound of " + bound);
        assertTrue(
                contents.entries().size() > 0 && contents.entries().size() < inserted,
                contents.entries().size() + " entries");
        assertEquals(
                inserted - contents.entries().size(), (long) evictions, "every entry that left was counted as evicted");
    }

    /** The same weight under another repository, with strings of its own as a weighing would have. */
    private static ImageWeight copyUnder(ImageWeight weight, String repository) {
        ImageReference reference = new ImageReference(
                weight.reference().registry(), repository, null, weight.digest().toString());
        List<Layer> layers = weight.layers().stream()
                .map(layer -> new Layer(
                        Digest.parse(layer.digest().toString()),
                        layer.sizeBytes(),
                        new String(layer.mediaType()),
                        layer.createdBy() == null ? null : new String(layer.createdBy())))
                .toList();
        return new ImageWeight(
                reference,
                Digest.parse(weight.digest().toString()),
                weight.platform(),
                weight.configBytes(),
                layers,
                weight.base());
    }
}
