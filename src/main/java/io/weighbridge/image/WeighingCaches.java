package io.weighbridge.image;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.weighbridge.image.registry.RawManifest;
import io.weighbridge.image.registry.RegistryException;
import io.weighbridge.metrics.CacheMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the weigher remembers, each cache bounded by the heap it may hold: tag → digest within
 * {@link #TAG_BYTES}, resolved again in the background once {@code tag-cache-ttl} old (the caller is
 * answered from the cache meanwhile, see {@link #tag}); digest → weight within
 * {@code cache-max-memory} (a digest's content never changes); failures for
 * {@value #FAILURE_TTL_SECONDS} s within {@link #FAILURE_BYTES}, so a broken registry is not
 * hammered; and manifests fetched by tag for the lookup by digest that follows, within
 * {@link #RECENT_MANIFEST_BYTES}. Concurrent weighings of one tag or digest share one fetch.
 *
 * <p>Every entry is scoped by registry, repository and the identity of the credential that
 * fetched it ({@code anonymous}, {@code auth-file:quay.io}, {@code pull-secret:team-a/regcred@4711:quay.io}),
 * for tags, weights and failures alike: an entry is served only to a weighing that would present
 * the very same credential, so what one namespace's secret fetched never reaches a namespace
 * without it, and nothing needs proving at lookup time. Public images share one scope
 * ({@code anonymous}); a namespace with its own secret for a registry weighs even that registry's
 * public images once more, under its own scope, which is the price of the simple rule (sharing by
 * digest after the other namespace proves access with a HEAD would add a request to every warm
 * weighing and a path where a mistake serves another tenant's data). A rotated secret gets a new
 * resource version and so a new identity: nothing fetched or authorised with the old one is reused.
 */
final class WeighingCaches {
    static final long FAILURE_TTL_SECONDS = 10;
    /** A tag not weighed for this many {@code tag-cache-ttl}s is dropped, not refreshed: its next weighing resolves it anew. */
    static final int TAG_UNUSED_TTLS = 2;
    /** Heap for tag → digest: some 30,000 tags of usual length. */
    static final long TAG_BYTES = 16L * 1024 * 1024;
    /** Heap for remembered failures: some 3,000 of them, each a one-line reason. */
    static final long FAILURE_BYTES = 2L * 1024 * 1024;
    /** Bytes of manifests kept between the GET by tag and the lookup by digest: two of the largest allowed. */
    static final long RECENT_MANIFEST_BYTES = 8L * 1024 * 1024;

    private static final Duration RECENT_MANIFEST_TTL = Duration.ofMinutes(1);

    /**
     * Whose answers a cache entry holds: one repository, seen with one credential, for one platform.
     * A value like a record, with its hash computed once.
     */
    static final class CacheScope {
        private final String registry;
        private final String repository;
        private final String credentialIdentity;
        /**
         * The platform a pod pinned ({@code linux/arm64}), or {@code null} for the configured one: an
         * index weighed for one platform is not the weight for another.
         */
        private final String pinnedPlatform;
        /** Every cache lookup hashes its key's scope: computed once, not per lookup. */
        private final int hash;

        CacheScope(String registry, String repository, String credentialIdentity, String pinnedPlatform) {
            this.registry = registry;
            this.repository = repository;
            this.credentialIdentity = credentialIdentity;
            this.pinnedPlatform = pinnedPlatform;
            this.hash = Objects.hash(registry, repository, credentialIdentity, pinnedPlatform);
        }

        static CacheScope of(ImageReference reference, Credential credential) {
            return new CacheScope(reference.registry(), reference.repository(), credential.identity(), null);
        }

        static CacheScope of(ImageReference reference, Credential credential, PlatformSelection pinned) {
            return new CacheScope(
                    reference.registry(), reference.repository(), credential.identity(), pinned.toString());
        }

        String registry() {
            return registry;
        }

        String repository() {
            return repository;
        }

        String credentialIdentity() {
            return credentialIdentity;
        }

        String pinnedPlatform() {
            return pinnedPlatform;
        }

        long heapBytes() {
            return HeapBytes.object(5)
                    + HeapBytes.text(registry)
                    + HeapBytes.text(repository)
                    + HeapBytes.text(credentialIdentity)
                    + (pinnedPlatform == null ? 0 : HeapBytes.text(pinnedPlatform));
        }

        @Override
        public boolean equals(Object other) {
            return this == other
                    || other instanceof CacheScope that
                            && hash == that.hash
                            && Objects.equals(registry, that.registry)
                            && Objects.equals(repository, that.repository)
                            && Objects.equals(credentialIdentity, that.credentialIdentity)
                            && Objects.equals(pinnedPlatform, that.pinnedPlatform);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "CacheScope[registry=" + registry + ", repository=" + repository + ", credentialIdentity="
                    + credentialIdentity + ", pinnedPlatform=" + pinnedPlatform + "]";
        }
    }

    record TagKey(CacheScope scope, String tag) {}

    record WeightKey(CacheScope scope, Digest digest) {}

    record FailureKey(CacheScope scope, ImageReference reference) {}

    /** A failure as remembered: its reason, without the exception that carried it. */
    private record Failure(String reason) {}

    private final Duration tagTtl;
    private final AsyncCache<TagKey, Digest> tags;
    /** Tags being resolved again in the background, so each is resolved once however many callers find it old. */
    private final Set<TagKey> refreshing = ConcurrentHashMap.newKeySet();

    private final AsyncCache<WeightKey, ImageWeight> weights;
    private final Cache<FailureKey, Failure> failures;
    private final Cache<WeightKey, RawManifest> recentManifests;

    WeighingCaches(long weightsMaxBytes, Duration tagTtl, MeterRegistry meters) {
        this(weightsMaxBytes, tagTtl, meters, Ticker.systemTicker());
    }

    /** With the time the tag cache keeps: {@code ticker} (a test moves it by hand). */
    WeighingCaches(long weightsMaxBytes, Duration tagTtl, MeterRegistry meters, Ticker ticker) {
        this.tagTtl = tagTtl;
        this.tags = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumWeight(TAG_BYTES)
                .weigher((TagKey key, Digest digest) -> HeapBytes.weight(tagEntryBytes(key, digest)))
                .expireAfterWrite(tagTtl.multipliedBy(TAG_UNUSED_TTLS))
                .recordStats()
                .buildAsync();
        this.weights = Caffeine.newBuilder()
                .maximumWeight(weightsMaxBytes)
                .weigher((WeightKey key, ImageWeight weight) -> HeapBytes.weight(weightEntryBytes(key, weight)))
                .recordStats()
                .buildAsync();
        this.failures = Caffeine.newBuilder()
                .maximumWeight(FAILURE_BYTES)
                .weigher((FailureKey key, Failure failure) -> HeapBytes.weight(HeapBytes.CACHE_ENTRY
                        + 2 * HeapBytes.SMALL_OBJECT
                        + key.scope().heapBytes()
                        + referenceBytes(key.reference())
                        + HeapBytes.text(failure.reason())))
                .expireAfterWrite(Duration.ofSeconds(FAILURE_TTL_SECONDS))
                .recordStats()
                .build();
        this.recentManifests = Caffeine.newBuilder()
                .maximumWeight(RECENT_MANIFEST_BYTES)
                .weigher((WeightKey key, RawManifest raw) -> raw.bytes().length)
                .expireAfterWrite(RECENT_MANIFEST_TTL)
                .build();
        // tags: tag -> digest; weights: digest -> weight; failures: recent registry failures (a hit is a failure served
        // again).
        CacheMetrics.bind(meters, "tags", tags.synchronous());
        CacheMetrics.bind(meters, "weights", weights.synchronous());
        CacheMetrics.bind(meters, "failures", failures);
    }

    /**
     * The digest of a tag: cached, or resolved by {@code resolve}, which concurrent callers share.
     * A digest resolved {@code tag-cache-ttl} ago or more is answered at once and resolved again in
     * the background (once, however many callers find it old); one unused for
     * {@value #TAG_UNUSED_TTLS} times that is gone, and resolved while the caller waits.
     */
    CompletableFuture<Digest> tag(TagKey key, Supplier<CompletableFuture<Digest>> resolve) {
        CompletableFuture<Digest> cached = tags.get(key, (k, ignored) -> resolve.get());
        if (cached.isDone() && !cached.isCompletedExceptionally() && old(key) && refreshing.add(key)) {
            try {
                resolve.get().whenComplete((digest, failure) -> {
                    if (digest != null) {
                        tags.put(key, CompletableFuture.completedFuture(digest));
                    }
                    refreshing.remove(key);
                });
            } catch (RuntimeException e) {
                refreshing.remove(key);
            }
        }
        return cached;
    }

    private boolean old(TagKey key) {
        return tags.synchronous()
                .policy()
                .expireAfterWrite()
                .map(expiry -> expiry.ageOf(key, TimeUnit.NANOSECONDS).orElse(0) >= tagTtl.toNanos())
                .orElse(false);
    }

    /** The weight of a digest: cached, or weighed by {@code weigh}, which concurrent callers share. */
    CompletableFuture<ImageWeight> weight(WeightKey key, Supplier<CompletableFuture<ImageWeight>> weigh) {
        return weights.get(key, (k, ignored) -> weigh.get());
    }

    /**
     * Keeps {@code base}, detected from the layers after the weight was cached, with the cached
     * weight of {@code key}: a known base follows from the layer bytes and never changes.
     */
    void keepBase(WeightKey key, BaseImage base) {
        weights.asMap().computeIfPresent(key, (k, cached) -> {
            if (!cached.isDone() || cached.isCompletedExceptionally()) {
                return cached;
            }
            ImageWeight weight = cached.join();
            return weight.base().known() ? cached : CompletableFuture.completedFuture(weight.withBase(base));
        });
    }

    /** A failure remembered for this reference, as the failure to answer with. */
    RegistryException recentFailure(FailureKey key) {
        Failure failure = failures.getIfPresent(key);
        return failure == null ? null : new RegistryException(failure.reason());
    }

    void rememberFailure(FailureKey key, RegistryException failure) {
        if (failure.lasting()) {
            failures.put(key, new Failure(failure.getMessage()));
        }
    }

    void rememberManifest(WeightKey key, RawManifest raw) {
        recentManifests.put(key, raw);
    }

    /** The manifest fetched by tag for this digest, taken out of the cache (it is needed once). */
    RawManifest takeManifest(WeightKey key) {
        RawManifest raw = recentManifests.getIfPresent(key);
        if (raw != null) {
            recentManifests.invalidate(key);
        }
        return raw;
    }

    /** Puts a weight in the weights cache as a weighing without credentials would have (a seam for tests). */
    void putWeight(ImageWeight weight) {
        weights.put(
                new WeightKey(CacheScope.of(weight.reference(), Credential.ANONYMOUS), weight.digest()),
                CompletableFuture.completedFuture(weight));
    }

    /** Puts a tag's digest in the tag cache (a seam for tests). */
    void putTag(TagKey key, Digest digest) {
        tags.put(key, CompletableFuture.completedFuture(digest));
    }

    /** A cache once pending evictions have run, and the total weight Caffeine holds it to. */
    record Contents<K, V>(Map<K, V> entries, long weightedBytes) {}

    Contents<WeightKey, ImageWeight> weightContents() {
        return contents(weights.synchronous());
    }

    Contents<TagKey, Digest> tagContents() {
        return contents(tags.synchronous());
    }

    /** The failure cache's entries as reasons, and its weight. */
    Contents<FailureKey, String> failureContents() {
        Contents<FailureKey, Failure> contents = contents(failures);
        Map<FailureKey, String> reasons = new HashMap<>();
        contents.entries().forEach((key, failure) -> reasons.put(key, failure.reason()));
        return new Contents<>(reasons, contents.weightedBytes());
    }

    private static <K, V> Contents<K, V> contents(Cache<K, V> cache) {
        cache.cleanUp();
        long weighted = cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
        return new Contents<>(Map.copyOf(cache.asMap()), weighted);
    }

    /** Heap bytes of a reference as if it were the entry's own (it is often shared with the parsed-reference cache). */
    private static long referenceBytes(ImageReference reference) {
        return 32
                + HeapBytes.text(reference.registry())
                + HeapBytes.text(reference.repository())
                + HeapBytes.text(reference.tag())
                + HeapBytes.text(reference.digest());
    }

    /** Heap bytes of one tag entry: the cache's node, the key with its scope and tag, the digest. */
    static long tagEntryBytes(TagKey key, Digest digest) {
        return HeapBytes.CACHE_ENTRY
                + HeapBytes.SMALL_OBJECT
                + key.scope().heapBytes()
                + HeapBytes.text(key.tag())
                + HeapBytes.digest(digest);
    }

    /**
     * Heap bytes of one weights entry, key and value, object by object (see {@link HeapBytes}).
     * {@code WeightCacheMemoryIT} measures real entries with JOL and holds the estimate between 1
     * and 1.5 times what they occupy.
     */
    static long weightEntryBytes(WeightKey key, ImageWeight weight) {
        long bytes = HeapBytes.CACHE_ENTRY
                + HeapBytes.SMALL_OBJECT
                + key.scope().heapBytes()
                + HeapBytes.digest(key.digest());
        bytes += 56 // ImageWeight (with its size)
                + referenceBytes(weight.reference())
                + (weight.digest() == key.digest() ? 0 : HeapBytes.digest(weight.digest()))
                + HeapBytes.text(weight.platform())
                + HeapBytes.text(weight.pulledFrom())
                + 24
                + HeapBytes.text(weight.base().distribution())
                + HeapBytes.text(weight.base().version())
                + 16
                + HeapBytes.aligned(16 + 4L * weight.layers().size()); // the immutable list and its array
        // A media type is one shared string for every layer of that type: counted once per string the entry holds.
        List<String> mediaTypes = new ArrayList<>(2);
        for (Layer layer : weight.layers()) {
            bytes += 32 + HeapBytes.digest(layer.digest()) + HeapBytes.text(layer.createdBy());
            if (mediaTypes.stream().noneMatch(counted -> counted == layer.mediaType())) {
                mediaTypes.add(layer.mediaType());
                bytes += HeapBytes.text(layer.mediaType());
            }
        }
        return bytes;
    }
}
