package io.weighbridge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weighbridge.image.BaseImage;
import io.weighbridge.image.Digest;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.Layer;
import io.weighbridge.image.PullSecretRefs;
import io.weighbridge.metrics.MetricNames;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildOutputMetricsTest {
    private static final String DIGEST = "sha256:7b3ccabffc97de872a30dfd234fd972a66d247c8cfc69b0550f276481852627c";
    private static final OutputImage OUTPUT = new OutputImage(
            "shop",
            "storefront-3",
            "storefront",
            ImageReference.parse("image-registry.openshift-image-registry.svc:5000/shop/storefront@" + DIGEST),
            PullSecretRefs.UNNAMED);

    @Test
    void aWeighedOutputIsCountedAndSizedByVerdictWithoutNamespaceUnlessOptedIn() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new BuildOutputMetrics(meters, false).record(weighed(6_000_000, "deny"));

        assertEquals(
                1.0,
                meters.get(MetricNames.BUILD_OUTPUTS)
                        .tags("verdict", "deny")
                        .counter()
                        .count());
        assertEquals(
                6_000_000 + 1000,
                meters.get(MetricNames.BUILD_OUTPUT_SIZE)
                        .tags("verdict", "deny")
                        .summary()
                        .totalAmount());
        assertNull(meters.get(MetricNames.BUILD_OUTPUTS).counter().getId().getTag("namespace"));

        SimpleMeterRegistry optedIn = new SimpleMeterRegistry();
        new BuildOutputMetrics(optedIn, true).record(weighed(6_000_000, "deny"));
        assertEquals(
                1.0,
                optedIn.get(MetricNames.BUILD_OUTPUTS)
                        .tags("verdict", "deny", "namespace", "shop")
                        .counter()
                        .count());
        assertEquals(
                1,
                optedIn.get(MetricNames.BUILD_OUTPUT_SIZE)
                        .tags("namespace", "shop")
                        .summary()
                        .count());
    }

    @Test
    void anOutputThatCouldNotBeWeighedIsCountedAsErrorAndHasNoSize() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new BuildOutputMetrics(meters, false).record(JudgedOutput.failed(OUTPUT, "registry down"));

        assertEquals(
                1.0,
                meters.get(MetricNames.BUILD_OUTPUTS)
                        .tags("verdict", "error")
                        .counter()
                        .count());
        assertTrue(meters.find(MetricNames.BUILD_OUTPUT_SIZE).summaries().isEmpty());
    }

    @Test
    void everyVerdictStartsAtZeroWhenTheWatchStartsUnlessSeriesArePerNamespace() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new BuildOutputMetrics(meters, false).expectOutputs();
        for (String verdict : List.of("allow", "warn", "deny", "error")) {
            assertEquals(
                    0.0,
                    meters.get(MetricNames.BUILD_OUTPUTS)
                            .tags("verdict", verdict)
                            .counter()
                            .count(),
                    verdict);
        }
        assertEquals(4, meters.find(MetricNames.BUILD_OUTPUTS).counters().size());

        SimpleMeterRegistry optedIn = new SimpleMeterRegistry();
        new BuildOutputMetrics(optedIn, true).expectOutputs();
        assertTrue(
                optedIn.find(MetricNames.BUILD_OUTPUTS).counters().isEmpty(),
                "no series without a namespace among per-namespace ones");
    }

    private static JudgedOutput weighed(long layerBytes, String verdict) {
        ImageWeight weight = new ImageWeight(
                OUTPUT.image(),
                Digest.parse(DIGEST),
                "linux/amd64",
                1000,
                List.of(new Layer(
                        Digest.parse(DIGEST), layerBytes, "application/vnd.oci.image.layer.v1.tar+gzip", null)),
                BaseImage.UNKNOWN);
        return new JudgedOutput(OUTPUT, weight, verdict, List.of("test-limits/hard-cap:" + verdict), null);
    }
}
