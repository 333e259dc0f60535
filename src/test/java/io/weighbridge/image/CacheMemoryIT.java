package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weighbridge.image.WeighingCaches.CacheScope;
import io.weighbridge.image.WeighingCaches.Contents;
import io.weighbridge.image.WeighingCaches.FailureKey;
import io.weighbridge.image.WeighingCaches.TagKey;
import io.weighbridge.image.registry.RegistryException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * The caches besides the weights are bounded by heap too, each by a budget of its own (see
 * {@link WeighingCaches}): the estimate of a tag entry is held to what JOL measures, and a tag
 * cache offered 96,000 tags (some 55 MiB when the cache was bounded only by its 100,000 entries)
 * keeps within its budget, as does the failure cache offered far more than it may hold.
 */
class CacheMemoryIT {
    static {
        // JOL cannot ask Unsafe for the field offsets of records; it finds them by probing instead.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private final WeighingCaches caches =
            new WeighingCaches(32L << 20, Duration.ofMinutes(5), new SimpleMeterRegistry());

    /** A tag entry as a weighing makes it: the reference parsed from text, the digest from the registry's header. */
    private static TagKey tagKey(int n) {
        ImageReference reference = ImageReference.parse("registry.example.com/team/app-" + n + ":v" + n);
        return new TagKey(CacheScope.of(reference, Credential.ANONYMOUS), reference.tag());
    }

    private static Digest digest(int n) {
        return Digest.parse(
                Digest.sha256Of(("layer " + n).getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Test
    void theTagEstimateCoversWhatAnEntryOccupies() {
        TagKey key = tagKey(7);
        Digest digest = digest(7);

        long measured = GraphLayout.parseInstance(key, digest).totalSize();
        long estimated = WeighingCaches.tagEntryBytes(key, digest) - HeapBytes.CACHE_ENTRY;

        System.out.printf(
                "tag cache entry: JOL %d bytes, estimate %d bytes (+%d for the cache's node)%n",
                measured, estimated, HeapBytes.CACHE_ENTRY);
        assertTrue(estimated >= measured, "estimate " + estimated + " below the measured " + measured);
        assertTrue(estimated <= measured * 3 / 2, "estimate " + estimated + " far above the measured " + measured);
    }

    @Test
    void aTagCacheOfferedNinetySixThousandTagsStaysWithinItsBudget() {
        int offered = 96_000;
        for (int n = 0; n < offered; n++) {
            caches.putTag(tagKey(n), digest(n));
        }

        Contents<TagKey, Digest> contents = caches.tagContents();

        long measured = GraphLayout.parseInstance(contents.entries()).totalSize();
        System.out.printf(
                "tag cache budget %.1f MiB: offered %d tags, holds %d (weighed %.1f MiB; their keys and digests %.1f MiB by JOL)%n",
                WeighingCaches.TAG_BYTES / 1048576.0,
                offered,
                contents.entries().size(),
                contents.weightedBytes() / 1048576.0,
                measured / 1048576.0);
        assertTrue(
                contents.weightedBytes() <= WeighingCaches.TAG_BYTES, contents.weightedBytes() + " above the budget");
        assertTrue(measured <= WeighingCaches.TAG_BYTES, "the entries occupy " + measured + " bytes");
        assertTrue(
                contents.entries().size() > 10_000 && contents.entries().size() < offered,
                contents.entries().size() + " tags");
    }

    @Test
    void theFailureCacheStaysWithinItsBudget() {
        String reason = "fetching manifest 1: HTTP 404 MANIFEST_UNKNOWN: \"" + "x".repeat(300) + "\"";
        for (int n = 0; n < 20_000; n++) {
            ImageReference reference = ImageReference.parse("registry.example.com/team/gone-" + n + ":1");
            caches.rememberFailure(
                    new FailureKey(CacheScope.of(reference, Credential.ANONYMOUS), reference),
                    new RegistryException(reason));
        }

        Contents<FailureKey, String> contents = caches.failureContents();

        long measured = GraphLayout.parseInstance(contents.entries()).totalSize();
        System.out.printf(
                "failure cache budget %.1f MiB: offered 20000, holds %d (%.1f MiB by JOL)%n",
                WeighingCaches.FAILURE_BYTES / 1048576.0, contents.entries().size(), measured / 1048576.0);
        assertTrue(contents.weightedBytes() <= WeighingCaches.FAILURE_BYTES);
        assertTrue(measured <= WeighingCaches.FAILURE_BYTES, "the entries occupy " + measured + " bytes");
        assertTrue(contents.entries().size() > 1_000, contents.entries().size() + " failures");
    }

    @Test
    void aFailureWorthNoMemoryIsNotRemembered() {
        ImageReference reference = ImageReference.parse("registry.example.com/team/slow:1");
        caches.rememberFailure(
                new FailureKey(CacheScope.of(reference, Credential.ANONYMOUS), reference),
                RegistryException.deadlinePassed("resolving tag 1"));

        assertEquals(
                0, caches.failureContents().entries().size(), "one caller's deadline is not the registry's failure");
    }
}
