package io.weighbridge.policy;

import io.weighbridge.workload.WorkloadName;
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

    /**
     * The verdict of an image for one workload of a namespace, once the exceptions active now have
     * lifted what they cover. {@link #evaluate} already lifts for the workload its request names;
     * this serves judgements shared by several workloads (the audit judges an image once per
     * namespace and kind, then lifts per workload).
     */
    default ImageVerdict liftedFor(ImageVerdict verdict, String namespace, java.util.List<WorkloadName> workload) {
        return verdict;
    }
}
