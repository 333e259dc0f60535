package io.weighbridge.policy;

import java.util.concurrent.CompletableFuture;

/**
 * The one engine behind {@code /validate}, {@code /api/v1/check}, {@code check} and
 * {@code audit}: weighs the images of a request and judges them by the policies.
 */
public interface PolicyEngine {
    /** Completes by the request's deadline; never fails for a registry problem. */
    CompletableFuture<Evaluation> evaluate(EvaluationRequest request);

    /** The policies installed now. */
    PolicySet installedPolicies();
}
