package io.weighbridge.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Hits, misses, evictions and size of a Caffeine cache (built with {@code recordStats()}) under
 * weighbridge's names, label {@code cache}.
 */
public final class CacheMetrics {
    private CacheMetrics() {}

    public static void bind(MeterRegistry registry, String cacheName, Cache<?, ?> cache) {
        FunctionCounter.builder(MetricNames.CACHE_HITS, cache, c -> c.stats().hitCount())
                .tag("cache", cacheName)
                .description("Lookups answered by the cache")
                .register(registry);
        FunctionCounter.builder(MetricNames.CACHE_MISSES, cache, c -> c.stats().missCount())
                .tag("cache", cacheName)
                .description("Lookups the cache could not answer")
                .register(registry);
        FunctionCounter.builder(
                        MetricNames.CACHE_EVICTIONS, cache, c -> c.stats().evictionCount())
                .tag("cache", cacheName)
                .description("Entries evicted for size or age")
                .register(registry);
        Gauge.builder(MetricNames.CACHE_SIZE, cache, Cache::estimatedSize)
                .tag("cache", cacheName)
                .description("Entries in the cache (estimate)")
                .register(registry);
    }
}
