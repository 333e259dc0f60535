package io.weighbridge.metrics;

/**
 * Every metric weighbridge exposes, in one place (Prometheus names once Micrometer has added its
 * suffixes: a timer {@code …_seconds} becomes {@code …_seconds_count/_sum/_bucket}, a counter
 * gets {@code _total}). Labels stay bounded: no image names, and namespaces only where an admin
 * opts in.
 */
public final class MetricNames {
    private MetricNames() {}

    /** Counter, labels kind, operation, verdict. */
    public static final String ADMISSION_REQUESTS = "weighbridge.admission.requests";
    /** Timer (histogram) of whole admissions. */
    public static final String ADMISSION_DURATION = "weighbridge.admission.duration";
    /** Distribution summary (histogram) of weighed image sizes, in bytes. */
    public static final String IMAGE_SIZE = "weighbridge.image.size.bytes";
    /** Counter, labels policy, rule, action. */
    public static final String POLICY_FINDINGS = "weighbridge.policy.findings";
    /** Counter, labels registry, outcome. */
    public static final String REGISTRY_REQUESTS = "weighbridge.registry.requests";
    /** Timer (histogram), label registry. */
    public static final String REGISTRY_REQUEST_DURATION = "weighbridge.registry.request.duration";
    /** Counters and gauges of the weight cache, label cache. */
    public static final String CACHE_HITS = "weighbridge.cache.hits";
    public static final String CACHE_MISSES = "weighbridge.cache.misses";
    public static final String CACHE_EVICTIONS = "weighbridge.cache.evictions";
    public static final String CACHE_SIZE = "weighbridge.cache.size";
    /** Counter, label result (success | failure). */
    public static final String POLICY_RELOADS = "weighbridge.policy.reloads";
    /** Gauge: epoch seconds of the last good policy load. */
    public static final String POLICY_LAST_LOAD = "weighbridge.policy.last.load.timestamp.seconds";
    /** Gauge, labels namespace, policy, rule, action: findings among running workloads. */
    public static final String AUDIT_VIOLATIONS = "weighbridge.audit.violations";
}
