package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.weighbridge.image.registry.MediaTypes;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a manifest's sizes may say, and how they add up: non-negative JSON integers only, summed
 * exactly (a sum past {@link Long#MAX_VALUE} cannot be weighed, and the policy's
 * {@code onRegistryError} decides), each distinct layer blob counted once as a node pulls it.
 * The manifests come from {@link ScriptedRegistry}: no real registry stores such sizes.
 *
 * <p>Before (sizes summed as longs, any JSON number taken): one layer of 2^63-1 weighed
 * -9223372036854775772 bytes and was allowed under a 5Gi deny cap; [2^63-1, 2^63-2, 102] weighed
 * 136 bytes; 62914560.9, 1.0 and 1e3 were taken as sizes; a layer listed twice counted twice.
 */
class LayerSizeArithmeticTest {
    private static final long MAX = Long.MAX_VALUE;

    private Vertx vertx;
    private ScriptedRegistry registry;
    private RegistryImageWeigher weigher;
    private final byte[] config = "{\"os\":\"linux\",\"architecture\":\"amd64\"}".getBytes(StandardCharsets.UTF_8);
    private final Digest configDigest = Digest.sha256Of(config);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        registry = new ScriptedRegistry();
        registry.on(
                "GET /v2/app/blobs/" + configDigest,
                ex -> ScriptedRegistry.respond(ex, 200, "application/octet-stream", config, Map.of()));
        weigher = RegistryImageWeigher.builder(vertx, TestRegistryConfig.forLocal(registry.hostPort()))
                .build();
    }

    @AfterEach
    void stop() {
        weigher.close();
        registry.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Serves a manifest whose layers have these sizes, written into the JSON as given; answers its reference. */
    private ImageReference manifestWithSizes(String... sizes) {
        return manifestWithLayers(java.util.Arrays.stream(sizes)
                .map(size -> new String[] {
                    Digest.sha256Of(size.getBytes(StandardCharsets.UTF_8)).toString(), size
                })
                .toList());
    }

    private ImageReference manifestWithLayers(List<String[]> digestsAndSizes) {
        String layers = digestsAndSizes.stream()
                .map(layer -> "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layer[0]
                        + "\",\"size\":" + layer[1] + "}")
                .collect(Collectors.joining(","));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + configDigest
                        + "\",\"size\":" + config.length + "},\"layers\":[" + layers + "]}")
                .getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256Of(manifest);
        registry.on(
                "GET /v2/app/manifests/" + digest,
                ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of()));
        return ImageReference.parse(registry.hostPort() + "/app@" + digest);
    }

    private ImageWeight weigh(ImageReference reference) {
        return weigher.weigh(reference, new WeighingContext(Deadline.in(Duration.ofSeconds(10)), "default"))
                .join();
    }

    private String failureOf(ImageReference reference) {
        try {
            ImageWeight weight = weigh(reference);
            throw new AssertionError("weighed " + weight.sizeBytes() + " bytes, should have failed");
        } catch (CompletionException e) {
            assertInstanceOf(WeighingException.class, e.getCause());
            return e.getCause().getMessage();
        }
    }

    private Evaluation admit(ImageReference reference) throws Exception {
        PolicySet policies = PolicyLoader.parse("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: caps
                spec:
                  onRegistryError: warn
                  rules:
                    - name: hard-cap
                      maxSize: 5Gi
                      action: deny
                """, "caps.yaml");
        Evaluation evaluation = new DefaultPolicyEngine(weigher, () -> policies)
                .evaluate(new EvaluationRequest(
                        "default",
                        "Pod",
                        List.of(ImageUse.of(reference.toString())),
                        null,
                        Deadline.in(Duration.ofSeconds(10))))
                .join();
        System.out.printf(
                "verdict=%s sizeBytes=%s findings=%s%n",
                evaluation.verdict().id(),
                evaluation.images().get(0).weight() == null
                        ? "-"
                        : evaluation.images().get(0).weight().sizeBytes(),
                evaluation.findings().map(Finding::message).toList());
        return evaluation;
    }

    @Test
    void aLayerOfTheLargestLongIsNotAllowedAsANegativeSize() throws Exception {
        Evaluation evaluation = admit(manifestWithSizes(String.valueOf(MAX)));

        assertEquals(Action.WARN, evaluation.verdict(), "onRegistryError: warn decides, not a wrapped sum");
        Finding finding = evaluation.findings().findFirst().orElseThrow();
        assertEquals("registry-error", finding.rule());
        assertTrue(finding.message().contains("sizes add up to more than " + MAX + " bytes"), finding.message());
    }

    @Test
    void sizesThatWrapPastTheLargestLongCannotBeWeighed() {
        String message = failureOf(manifestWithSizes(String.valueOf(MAX), String.valueOf(MAX - 1), "102"));

        assertTrue(message.endsWith("config and layer sizes add up to more than " + MAX + " bytes"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"62914560.9", "-1", "1.0", "1e3", "\"62914560\"", "null", "true", "18446744073709551616"})
    void aSizeMustBeANonNegativeJsonInteger(String size) {
        String message = failureOf(manifestWithSizes(size));

        assertTrue(message.endsWith("manifest field layers[0].size is not a non-negative integer"), message);
    }

    @Test
    void aLayerListedTwiceIsPulledAndCountedOnce() {
        String twice = Digest.sha256Of("twice".getBytes(StandardCharsets.UTF_8)).toString();
        String once = Digest.sha256Of("once".getBytes(StandardCharsets.UTF_8)).toString();

        ImageWeight weight = weigh(manifestWithLayers(
                List.of(new String[] {twice, "1000"}, new String[] {once, "300"}, new String[] {twice, "1000"})));

        assertEquals(config.length + 1000 + 300, weight.sizeBytes());
        assertEquals(3, weight.layers().size(), "the listing keeps every entry of the manifest");
    }

    @Test
    void theLargestExactSumIsWeighed() {
        ImageWeight weight = weigh(manifestWithSizes(String.valueOf(MAX - config.length)));

        assertEquals(MAX, weight.sizeBytes());
    }
}
