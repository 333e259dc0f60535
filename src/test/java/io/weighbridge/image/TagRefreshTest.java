package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weighbridge.image.WeighingCaches.CacheScope;
import io.weighbridge.image.WeighingCaches.TagKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** No weighing waits on a tag's refresh: the tag cache with a hand-moved ticker. */
class TagRefreshTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Digest FIRST = Digest.sha256Of(new byte[] {1});
    private static final Digest MOVED = Digest.sha256Of(new byte[] {2});

    private final AtomicLong now = new AtomicLong();
    private final WeighingCaches caches = new WeighingCaches(1 << 20, TTL, new SimpleMeterRegistry(), now::get);
    private final TagKey key =
            new TagKey(CacheScope.of(ImageReference.parse("registry.test/team/app:1.0"), Credential.ANONYMOUS), "1.0");
    /** Each resolution the cache asks for, answered when the test says. */
    private final List<CompletableFuture<Digest>> resolutions = new CopyOnWriteArrayList<>();

    private final Supplier<CompletableFuture<Digest>> resolve = () -> {
        CompletableFuture<Digest> resolution = new CompletableFuture<>();
        resolutions.add(resolution);
        return resolution;
    };

    @Test
    void aTagOlderThanItsTtlIsAnsweredAtOnceAndResolvedAgainInTheBackgroundOnce() {
        caches.putTag(key, FIRST);
        assertEquals(FIRST, caches.tag(key, resolve).join());
        assertEquals(0, resolutions.size(), "a fresh tag is not resolved");

        now.addAndGet(TTL.plusSeconds(1).toNanos());
        CompletableFuture<Digest> old = caches.tag(key, resolve);
        assertTrue(old.isDone(), "the weighing that finds the tag old does not wait for its resolution");
        assertEquals(FIRST, old.join());
        assertEquals(FIRST, caches.tag(key, resolve).join());
        assertEquals(1, resolutions.size(), "resolved again once, however many weighings find it old");

        resolutions.get(0).complete(MOVED);
        assertEquals(MOVED, caches.tag(key, resolve).join(), "the tag moved: the next weighing has the new digest");
        assertEquals(1, resolutions.size());
    }

    @Test
    void aFailedRefreshKeepsTheDigestAndTheNextWeighingTriesAgain() {
        caches.putTag(key, FIRST);
        now.addAndGet(TTL.plusSeconds(1).toNanos());
        assertEquals(FIRST, caches.tag(key, resolve).join());
        resolutions.get(0).completeExceptionally(new IllegalStateException("registry down"));

        assertEquals(FIRST, caches.tag(key, resolve).join());
        assertEquals(2, resolutions.size(), "tried again at the next weighing");
    }

    @Test
    void aTagUnusedForTwiceItsTtlIsResolvedAnewAndWaitedFor() {
        caches.putTag(key, FIRST);
        now.addAndGet(
                TTL.multipliedBy(WeighingCaches.TAG_UNUSED_TTLS).plusSeconds(1).toNanos());
        CompletableFuture<Digest> anew = caches.tag(key, resolve);
        assertFalse(anew.isDone(), "a digest that old is not served");
        resolutions.get(0).complete(MOVED);
        assertEquals(MOVED, anew.join());
    }
}
