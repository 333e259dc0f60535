package io.weighbridge.admission;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.weighbridge.metrics.ImageSizeBuckets;
import io.weighbridge.metrics.MetricNames;
import io.weighbridge.metrics.MetricsConfig;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.ImageVerdict;
import io.weighbridge.workload.GroupKind;
import io.weighbridge.workload.WorkloadKinds;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What every admission decision adds to the metrics: the request by kind, operation and verdict,
 * its latency, and for judged ones the sizes of the images weighed and the findings by policy,
 * rule and action. Only {@code /validate} records here: dry runs ({@code /api/v1/check}, the CLI)
 * are no admissions.
 */
@Singleton
public class AdmissionMetrics {
    private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");
    /** Around the apiserver's 10 s timeout and the 8 s admission deadline. */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(6),
        Duration.ofSeconds(8), Duration.ofSeconds(10)
    };
    /** Powers of two from 16 MiB to 16 GiB. */
    static final double[] SIZE_BUCKETS = ImageSizeBuckets.bytes();

    private final MeterRegistry registry;
    private final boolean namespaceLabels;
    /** The kinds the webhook judges, built-in and custom; any other kind is labelled {@code other}. */
    private final WorkloadKinds judgedKinds;

    private final Timer latency;
    private final DistributionSummary sizes;
    private final Map<RequestLabels, Counter> requests = new ConcurrentHashMap<>();
    private final Map<FindingLabels, Counter> findings = new ConcurrentHashMap<>();

    @Inject
    public AdmissionMetrics(MeterRegistry registry, MetricsConfig config, WorkloadKinds judgedKinds) {
        this(registry, config.namespaceLabels(), judgedKinds);
    }

    AdmissionMetrics(MeterRegistry registry, boolean namespaceLabels, WorkloadKinds judgedKinds) {
        this.registry = registry;
        this.namespaceLabels = namespaceLabels;
        this.judgedKinds = judgedKinds;
        this.latency = Timer.builder(MetricNames.ADMISSION_DURATION)
                .description("Time to answer an admission review, from the body read to the response")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        this.sizes = DistributionSummary.builder(MetricNames.IMAGE_SIZE)
                .description("Compressed size (config and layers) of the images weighed at admission")
                .serviceLevelObjectives(SIZE_BUCKETS)
                .register(registry);
    }

    /**
     * One decision; {@code evaluation} is {@code null} when the engine did not judge.
     *
     * @param kind the group and kind the request names, or {@code null}
     */
    void decided(AdmissionRequest request, GroupKind kind, String verdict, Evaluation evaluation, long startedNanos) {
        String namespace = null;
        if (namespaceLabels) {
            namespace =
                    request.getNamespace() == null || request.getNamespace().isBlank() ? "" : request.getNamespace();
        }
        requests.computeIfAbsent(
                        new RequestLabels(kindLabel(kind), operationLabel(request.getOperation()), verdict, namespace),
                        this::requestCounter)
                .increment();
        latency.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        if (evaluation != null) {
            for (ImageVerdict image : evaluation.images()) {
                if (image.weight() != null) {
                    sizes.record(image.weight().sizeBytes());
                }
            }
            evaluation
                    .findings()
                    .forEach(finding -> findings.computeIfAbsent(
                                    new FindingLabels(finding.policy(), finding.rule(), finding.outcome()),
                                    this::findingCounter)
                            .increment());
        }
    }

    /**
     * The labels of one admission counter. Counters are resolved once per set of labels and kept:
     * looking a meter up in the registry by its tags on every admission cost a share of the warm
     * path (issue 13). The sets are few: judged kinds × operations × verdicts (× namespaces when opted in).
     */
    private record RequestLabels(String kind, String operation, String verdict, String namespace) {}

    private record FindingLabels(String policy, String rule, String action) {}

    private Counter requestCounter(RequestLabels labels) {
        Tags tags = Tags.of("kind", labels.kind(), "operation", labels.operation(), "verdict", labels.verdict());
        return Counter.builder(MetricNames.ADMISSION_REQUESTS)
                .description("Admission reviews answered, by kind, operation and verdict")
                .tags(labels.namespace() == null ? tags : tags.and("namespace", labels.namespace()))
                .register(registry);
    }

    private Counter findingCounter(FindingLabels labels) {
        return Counter.builder(MetricNames.POLICY_FINDINGS)
                .description(
                        "Rules that matched an image at admission; dry-run policies count as action dryrun, findings"
                                + " an exception lifted as lifted")
                .tag("policy", labels.policy())
                .tag("rule", labels.rule())
                .tag("action", labels.action())
                .register(registry);
    }

    /** The kind when the webhook judges its group and kind: a core v1 Service is no Knative Service. */
    String kindLabel(GroupKind kind) {
        return kind != null && judgedKinds.find(kind).isPresent() ? kind.kind() : MetricNames.OTHER;
    }

    static String operationLabel(String operation) {
        return operation != null && OPERATIONS.contains(operation) ? operation : MetricNames.OTHER;
    }
}
