package io.weighbridge.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weighbridge.image.ImageWeigher;
import io.weighbridge.image.WeighingException;
import io.weighbridge.logging.AllowSampler;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.workload.WorkloadKinds;
import io.weighbridge.workload.WorkloadReader;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The case of issue 10: a Pod of 10,000 images that no registry answers. Its admission got a
 * 1.9 MB message; now the message and the warnings stay within the apiserver's limits, and say
 * how many images they leave out.
 */
class ManyImagesAdmissionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IMAGES = 10_000;
    /**
     * Every image fails as one of a registry that never answers does at its timeout, but at once:
     * what is tested is the size of the answer, not how fast a loaded machine gets 10,000 images to
     * their deadline (the admission's own deadline then cuts in and allows them unjudged).
     */
    private static final ImageWeigher NEVER_ANSWERS = (reference, context) -> CompletableFuture.failedFuture(
            new WeighingException("cannot weigh " + reference + ": registry.test did not answer within 3000 ms"));

    @Test
    void aDenialOfTenThousandUnansweredImagesIsBoundedAndCountsTheRest() throws Exception {
        AdmissionResponse response = admit(policy("deny"));

        assertFalse(response.getAllowed());
        String message = response.getStatus().getMessage();
        int bytes = message.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= AdmissionResponses.MAX_MESSAGE_BYTES, "a message of " + bytes + " bytes");
        List<String> lines = message.lines().toList();
        assertTrue(lines.size() <= AdmissionResponses.MAX_MESSAGE_LINES + 1, lines.size() + " lines");
        int shown = lines.size() - 1;
        assertTrue(shown >= 1, message);
        assertTrue(
                lines.get(0).startsWith("could not weigh registry.test/team/app-00000:1.0 (container c00000): "),
                lines.get(0));
        assertEquals(
                "... and " + String.format(java.util.Locale.ROOT, "%,d", IMAGES - shown) + " more images denied",
                lines.get(shown));
        assertTrue(
                response.getWarnings() == null || response.getWarnings().isEmpty(),
                String.valueOf(response.getWarnings()));
    }

    @Test
    void warningsAboutTenThousandUnansweredImagesAreBoundedAndCountTheRest() throws Exception {
        AdmissionResponse response = admit(policy("warn"));

        assertTrue(response.getAllowed());
        List<String> warnings = response.getWarnings();
        assertTrue(warnings.size() <= AdmissionResponses.MAX_WARNINGS + 1, warnings.size() + " warnings");
        int characters =
                warnings.stream().mapToInt(w -> w.codePointCount(0, w.length())).sum();
        assertTrue(characters <= AdmissionResponses.MAX_WARNING_TOTAL_CHARS, characters + " characters of warnings");
        assertTrue(
                warnings.stream().allMatch(w -> w.length() <= AdmissionResponses.MAX_WARNING_CHARS),
                warnings.toString());
        int shown = warnings.size() - 1;
        assertEquals(
                "... and " + String.format(java.util.Locale.ROOT, "%,d", IMAGES - shown) + " more images warned about",
                warnings.get(shown));
    }

    private static AdmissionResponse admit(PolicySet policies) throws Exception {
        DefaultPolicyEngine engine = new DefaultPolicyEngine(NEVER_ANSWERS, () -> policies);
        ValidateResource resource = new ValidateResource(
                new AdmissionReviewReader(JSON, new WorkloadReader(WorkloadKinds.builtIn())),
                engine,
                () -> Duration.ofSeconds(8),
                null,
                new AdmissionMetrics(new SimpleMeterRegistry(), false, WorkloadKinds.builtIn()),
                new DecisionLog(new AllowSampler(-1), Duration.ofMinutes(1)));

        long started = System.nanoTime();
        Response answer = resource.validate(podReview().getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        byte[] written = (byte[]) answer.getEntity();
        System.out.printf(
                "10,000 unanswered images: %,d bytes of AdmissionReview in %d ms%n",
                written.length, (System.nanoTime() - started) / 1_000_000);
        AdmissionReview review = JSON.readValue(written, AdmissionReview.class);
        return review.getResponse();
    }

    private static PolicySet policy(String onRegistryError) throws Exception {
        return PolicyLoader.parse("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: cluster-defaults
                spec:
                  onRegistryError: %s
                  rules:
                    - name: hard-cap
                      maxSize: 5Gi
                      action: deny
                """.formatted(onRegistryError), "test");
    }

    private static String podReview() {
        ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", "many").put("namespace", "shop");
        ArrayNode containers = pod.putObject("spec").putArray("containers");
        for (int i = 0; i < IMAGES; i++) {
            containers
                    .addObject()
                    .put("name", "c%05d".formatted(i))
                    .put("image", "registry.test/team/app-%05d:1.0".formatted(i));
        }
        return AdmissionReviewFixture.create(pod).json();
    }
}
