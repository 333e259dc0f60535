package io.weighbridge.image;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.weighbridge.image.registry.RequestSlots;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Tells the base distribution from the bottom layers: streams at most {@value #MAX_LAYERS} of
 * them through gunzip and tar, looking for {@code os-release} and {@code etc/alpine-release},
 * and stops as soon as it knows. Failures become {@link BaseImage#UNKNOWN}; they never fail a
 * weighing.
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
    private static final int MAX_MARKER_BYTES = 64 * 1024;
    private static final Duration RETRY_UNCERTAIN_AFTER = Duration.ofMinutes(1);

    /** {@code settled}: the answer follows from the layer bytes and may be cached for good. */
    record Detection(BaseImage base, boolean settled) {}

    /** Seam for tests and for the registry: opens a layer blob as a stream, within the detection's budget. */
    interface LayerSource {
        InputStream open(Digest layer, Deadline budget) throws IOException;
    }

    private final ThreadPoolExecutor executor;
    private final RequestSlots slots = new RequestSlots(THREADS, PER_REGISTRY, "base-detection slot");
    private final long maxCompressedBytes;
    private final Duration budget;
    private final AsyncCache<List<String>, Detection> cache;

    BaseDetector(long maxCompressedBytes, Duration budget) {
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Threads.daemons("weighbridge-base-detection"));
        this.executor.allowCoreThreadTimeOut(true);
        this.maxCompressedBytes = maxCompressedBytes;
        this.budget = budget;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(CACHE_BYTES)
                .weigher((List<String> key, Detection detection) -> HeapBytes.weight(HeapBytes.CACHE_ENTRY + 32 + 4L * key.size()
                        + key.stream().mapToLong(HeapBytes::text).sum() + 2 * HeapBytes.SMALL_OBJECT
                        + HeapBytes.text(detection.base().distribution()) + HeapBytes.text(detection.base().version())))
                .expireAfter(new Expiry<List<String>, Detection>() {
                    @Override
                    public long expireAfterCreate(List<String> key, Detection value, long now) {
                        return value.settled() ? Long.MAX_VALUE : RETRY_UNCERTAIN_AFTER.toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(List<String> key, Detection value, long now, long current) {
                        return expireAfterCreate(key, value, now);
                    }

                    @Override
                    public long expireAfterRead(List<String> key, Detection value, long now, long current) {
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
        List<String> key = layers.stream().limit(MAX_LAYERS).map(Layer::digest).toList();
        boolean readsAllLayers = layers.size() <= MAX_LAYERS;
        return cache.get(key, (k, ignored) -> {
            Deadline own = Deadline.in(budget);
            return slots.acquire(registry, own, "detecting the base").thenApplyAsync(slot -> {
                try (slot) {
                    return scan(k, readsAllLayers, source, own);
                }
            }, executor).exceptionally(failure -> new Detection(BaseImage.UNKNOWN, false));
        }).thenApply(Detection::base).exceptionally(failure -> BaseImage.UNKNOWN);
    }

    private Detection scan(List<String> digests, boolean readsAllLayers, LayerSource source, Deadline deadline) {
        ScanState state = new ScanState();
        long budgetLeft = maxCompressedBytes;
        for (String digest : digests) {
            try (CappedInputStream compressed = new CappedInputStream(source.open(Digest.parse(digest), deadline), budgetLeft)) {
                Optional<BaseImage> found = scanLayer(compressed, state);
                if (found.isPresent()) {
                    return new Detection(found.get(), true);
                }
                budgetLeft -= compressed.consumed();
            } catch (CapReachedException | UnsupportedCompressionException undecidable) {
                return new Detection(BaseImage.UNKNOWN, true);
            } catch (IOException | RuntimeException unreadable) {
                return new Detection(BaseImage.UNKNOWN, false);
            }
        }
        return new Detection(readsAllLayers ? BaseImage.SCRATCH : BaseImage.UNKNOWN, true);
    }

    /** Markers seen so far, across the layers of one image. */
    static final class ScanState {
        Optional<String> alpineRelease = Optional.empty();
    }

    /**
     * Reads one layer's tar until os-release names the distribution; {@code etc/alpine-release}
     * settles it at the end of the layer when os-release did not.
     */
    static Optional<BaseImage> scanLayer(InputStream compressed, ScanState state) throws IOException {
        InputStream tar = decompress(new BufferedInputStream(compressed));
        TarArchiveInputStream entries = new TarArchiveInputStream(tar);
        TarArchiveEntry entry;
        while ((entry = entries.getNextEntry()) != null) {
            // A symlink (etc/os-release -> ../usr/lib/os-release) is skipped: its target is read when it comes.
            if (!entry.isFile()) {
                continue;
            }
            String name = normalise(entry.getName());
            if (name.equals("etc/os-release") || name.equals("usr/lib/os-release")) {
                Optional<BaseImage> base = OsRelease.parse(readSmall(entries)).base();
                if (base.isPresent()) {
                    return base;
                }
            } else if (name.equals("etc/alpine-release")) {
                state.alpineRelease = Optional.of(readSmall(entries).strip());
            }
        }
        return state.alpineRelease.map(version -> new BaseImage("alpine", version.isEmpty() ? null : version));
    }

    private static InputStream decompress(BufferedInputStream in) throws IOException {
        in.mark(4);
        int b0 = in.read();
        int b1 = in.read();
        int b2 = in.read();
        int b3 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(in, 64 * 1024);
        }
        if (b0 == 0x28 && b1 == 0xb5 && b2 == 0x2f && b3 == 0xfd) {
            throw new UnsupportedCompressionException();
        }
        return in;
    }

    private static String readSmall(InputStream in) throws IOException {
        return new String(in.readNBytes(MAX_MARKER_BYTES), StandardCharsets.UTF_8);
    }

    private static String normalise(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.startsWith("./") ? n.substring(2) : n.substring(1);
        }
        return n;
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

    private static final class CapReachedException extends IOException {}

    private static final class UnsupportedCompressionException extends IOException {}

    /** Counts compressed bytes and refuses to read past the cap; closing closes the source. */
    private static final class CappedInputStream extends FilterInputStream {
        private final long cap;
        private long consumed;

        CappedInputStream(InputStream in, long cap) {
            super(in);
            this.cap = cap;
        }

        long consumed() {
            return consumed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (consumed >= cap) {
                throw new CapReachedException();
            }
            int n = super.read(b, off, (int) Math.min(len, cap - consumed));
            if (n > 0) {
                consumed += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
