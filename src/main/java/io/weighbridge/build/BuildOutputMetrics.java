package io.weighbridge.build;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.weighbridge.metrics.ImageSizeBuckets;
import io.weighbridge.metrics.MetricNames;
import io.weighbridge.metrics.MetricsConfig;
import io.weighbridge.policy.Action;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * {@code weighbridge_build_outputs_total{verdict}} and {@code weighbridge_build_output_size_bytes{verdict}}:
 * the outputs of completed Builds, judged. Verdicts are four values; namespaces only where an admin
 * opts in. No image, build or BuildConfig names: they grow without bound.
 */
@Singleton
public class BuildOutputMetrics {
    private final MeterRegistry registry;
    private final boolean namespaceLabels;

    @Inject
    BuildOutputMetrics(MeterRegistry registry, MetricsConfig config) {
        this(registry, config.namespaceLabels());
    }

    BuildOutputMetrics(MeterRegistry registry, boolean namespaceLabels) {
        this.registry = registry;
        this.namespaceLabels = namespaceLabels;
    }

    /**
     * Creates the counter of each verdict at zero, so that Prometheus' {@code increase()} counts the
     * very first output of a verdict (a counter that appears at 1 shows no increase). With namespace
     * labels the series of a namespace appear with its first output.
     */
    void expectOutputs() {
        if (namespaceLabels) {
            return;
        }
        Stream.concat(Arrays.stream(Action.values()).map(Action::id), Stream.of(JudgedOutput.ERROR))
                .forEach(verdict -> counter(Tags.of("verdict", verdict)));
    }

    void record(JudgedOutput judged) {
        Tags tags = Tags.of("verdict", judged.verdict());
        if (namespaceLabels) {
            tags = tags.and("namespace", judged.output().namespace());
        }
        if (judged.weighed()) {
            DistributionSummary.builder(MetricNames.BUILD_OUTPUT_SIZE)
                    .description(
                            "Compressed size (config and layers) of the output images of completed OpenShift Builds")
                    .serviceLevelObjectives(ImageSizeBuckets.bytes())
                    .tags(tags)
                    .register(registry)
                    .record(judged.weight().sizeBytes());
        }
        // Counted last: a scrape that shows the output counted shows its size too.
        counter(tags).increment();
    }

    private Counter counter(Tags tags) {
        return Counter.builder(MetricNames.BUILD_OUTPUTS)
                .description(
                        "Output images of completed OpenShift Builds judged by the policies, by verdict (error: not weighed)")
                .tags(tags)
                .register(registry);
    }
}
