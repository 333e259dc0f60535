package io.weighbridge.metrics;

/**
 * Every metric weighbridge exposes, in one place (Prometheus names once Micrometer has added its
 * suffixes: a timer {@code …_seconds} becomes {@code …_seconds_count/_sum/_bucket}, a counter
 * gets {@code _total}). Labels stay bounded: no image names, and namespaces only where an admin
 * opts in.
 */
public final class MetricNames {
    private MetricNames() {}

    /**
     * Counter, labels kind (a judged kind, built-in or custom, matched by group and kind; else
     * {@code other}), operation, verdict (allow | warn | deny); and namespace when
     * {@code weighbridge.metrics.namespace-labels=true}.
     */
    public static final String ADMISSION_REQUESTS = "weighbridge.admission.requests";
    /** Timer (histogram) of whole admissions, from the body read to the answer. */
    public static final String ADMISSION_DURATION = "weighbridge.admission.duration";
    /** Distribution summary (histogram) of the images weighed at admission, in compressed bytes. */
    public static final String IMAGE_SIZE = "weighbridge.image.size.bytes";
    /** Counter, labels policy, rule, action (allow | warn | deny | dryrun | lifted); admissions only. */
    public static final String POLICY_FINDINGS = "weighbridge.policy.findings";
    /** Counter, labels registry (host:port, at most {@link #MAX_REGISTRY_LABELS} then other), outcome. */
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
    /** Gauge: epoch seconds of the last good policy load (0 before the first). */
    public static final String POLICY_LAST_LOAD = "weighbridge.policy.last.load.timestamp.seconds";
    /**
     * Gauge: epoch seconds of the last rejected policy change (0 if none). Later than
     * {@link #POLICY_LAST_LOAD} means the files in place now are broken and an older set is in force.
     */
    public static final String POLICY_LAST_FAILURE = "weighbridge.policy.last.failure.timestamp.seconds";
    /** Gauge, labels namespace, policy, rule, action (deny | warn | dryrun | lifted): findings among running workloads. */
    public static final String AUDIT_VIOLATIONS = "weighbridge.audit.violations";
    /**
     * Counter of completed OpenShift Builds whose output image was judged, label verdict (allow |
     * warn | deny, or error when it could not be weighed); and namespace when
     * {@code weighbridge.metrics.namespace-labels=true}. Only with {@code weighbridge.builds.watch-enabled}.
     */
    public static final String BUILD_OUTPUTS = "weighbridge.build.outputs";
    /** Distribution summary (histogram) of the build output images weighed, in compressed bytes; labels as {@link #BUILD_OUTPUTS}. */
    public static final String BUILD_OUTPUT_SIZE = "weighbridge.build.output.size.bytes";

    /**
     * Gauge, labels namespace, name: the expiry of each {@code ImageSizeException} (valid ones, expired
     * included until deleted), in epoch seconds; at most {@code weighbridge.resources.exception-series-limit}
     * series, the soonest to expire first.
     */
    public static final String EXCEPTION_EXPIRY = "weighbridge.exception.expiry.timestamp.seconds";
    /** Gauge, label state (active | expired | invalid): the {@code ImageSizeException} resources known. */
    public static final String EXCEPTIONS = "weighbridge.exceptions";
    /**
     * Gauge, labels kind ({@code ClusterImageSizePolicy} | {@code ImageSizePolicy}), state (valid |
     * invalid): the policy resources known; an invalid one judges by its last valid version, if any.
     */
    public static final String POLICY_RESOURCES = "weighbridge.policy.resources";
    /**
     * Counter of calls of the dry-run and audit API ({@code /api/v1/check}, {@code /api/v1/audit}),
     * labels endpoint (checks | audits) and result (granted | unauthenticated | forbidden |
     * unavailable | off).
     */
    public static final String API_REQUESTS = "weighbridge.api.requests";

    /** Distinct registry label values before further registries are counted as {@code other}. */
    public static final int MAX_REGISTRY_LABELS = 50;
    /** The label value that stands for everything beyond a bound. */
    public static final String OTHER = "other";

    /** Outcomes of one registry HTTP exchange. */
    public static final String OUTCOME_OK = "ok";

    public static final String OUTCOME_HTTP_4XX = "http_4xx";
    public static final String OUTCOME_HTTP_5XX = "http_5xx";
    public static final String OUTCOME_TIMEOUT = "timeout";
    public static final String OUTCOME_REFUSED = "refused";
    public static final String OUTCOME_ERROR = "error";
    /**
     * The request's deadline passed while it waited for a request slot: counted for the registry
     * that held the slots (the waiting request's own when it held all it may, else the one holding
     * the most), since that is the registry that keeps others waiting.
     */
    public static final String OUTCOME_NO_SLOT = "no_slot";

    /**
     * Every name above as Prometheus shows it, without the suffixes a type adds
     * ({@code _total}, {@code _bucket}, {@code _count}, {@code _sum}, {@code _max}).
     */
    public static java.util.List<String> prometheusNames() {
        return java.util.List.of(
                prometheus(ADMISSION_REQUESTS) + "_total",
                prometheus(ADMISSION_DURATION) + "_seconds",
                prometheus(IMAGE_SIZE),
                prometheus(POLICY_FINDINGS) + "_total",
                prometheus(REGISTRY_REQUESTS) + "_total",
                prometheus(REGISTRY_REQUEST_DURATION) + "_seconds",
                prometheus(CACHE_HITS) + "_total",
                prometheus(CACHE_MISSES) + "_total",
                prometheus(CACHE_EVICTIONS) + "_total",
                prometheus(CACHE_SIZE),
                prometheus(POLICY_RELOADS) + "_total",
                prometheus(POLICY_LAST_LOAD),
                prometheus(POLICY_LAST_FAILURE),
                prometheus(AUDIT_VIOLATIONS),
                prometheus(BUILD_OUTPUTS) + "_total",
                prometheus(BUILD_OUTPUT_SIZE),
                prometheus(EXCEPTION_EXPIRY),
                prometheus(EXCEPTIONS),
                prometheus(POLICY_RESOURCES),
                prometheus(API_REQUESTS) + "_total");
    }

    private static String prometheus(String dotted) {
        return dotted.replace('.', '_');
    }
}
