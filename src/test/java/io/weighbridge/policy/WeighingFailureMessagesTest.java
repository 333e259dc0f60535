package io.weighbridge.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.weighbridge.image.Deadline;
import io.weighbridge.image.ImageWeigher;
import io.weighbridge.image.RegistryImageWeigher;
import io.weighbridge.image.TestRegistryConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a person reads when an image cannot be weighed names the reason, never a Java exception. */
class WeighingFailureMessagesTest {
    private static final PolicySet DENY_ON_ERROR = parse("""
            apiVersion: weighbridge.io/v1alpha1
            kind: ImageSizePolicy
            metadata:
              name: strict
            spec:
              onRegistryError: deny
              rules:
                - name: hard-cap
                  maxSize: 1Gi
                  action: deny
            """);

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aPortOutOfRangeIsReportedWithoutTheExceptionsName() throws Exception {
        RegistryImageWeigher weigher = RegistryImageWeigher.builder(
                        vertx, TestRegistryConfig.forLocal("127.0.0.1:5000"))
                .build();
        try {
            String message = denyMessage(weigher, "127.0.0.1:65536/x");

            assertEquals(
                    "could not weigh 127.0.0.1:65536/x: invalid image reference: port must be a number from 1 to 65535:"
                            + " 65536; strict says deny when an image cannot be weighed",
                    message);
        } finally {
            weigher.close();
        }
    }

    @Test
    void aWeigherBugIsReportedAsOneWithoutItsExceptionOrInternals() throws Exception {
        ImageWeigher broken = (reference, context) -> CompletableFuture.failedFuture(
                new NullPointerException("Cannot invoke \"String.length()\" because \"digest\" is null"));

        String message = denyMessage(broken, "registry.test/app:1");

        assertEquals(
                "could not weigh registry.test/app:1: weighbridge failed unexpectedly (its log has the details);"
                        + " strict says deny when an image cannot be weighed",
                message);
        assertFalse(message.contains("Exception") || message.contains("digest"), message);
    }

    private static String denyMessage(ImageWeigher weigher, String image) throws Exception {
        Evaluation evaluation = new DefaultPolicyEngine(weigher, () -> DENY_ON_ERROR)
                .evaluate(new EvaluationRequest(
                        "shop", "Pod", List.of(ImageUse.of(image)), null, Deadline.in(Duration.ofSeconds(5))))
                .get(10, TimeUnit.SECONDS);
        assertEquals(Action.DENY, evaluation.verdict());
        return evaluation.findingsWith(Action.DENY).get(0).message();
    }

    private static PolicySet parse(String yaml) {
        try {
            return PolicyLoader.parse(yaml, "test");
        } catch (PolicyValidationException e) {
            throw new AssertionError(e);
        }
    }
}
