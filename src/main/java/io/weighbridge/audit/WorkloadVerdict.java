package io.weighbridge.audit;

import io.weighbridge.policy.ImageVerdict;

/**
 * How one image of one running workload was judged, the exceptions for that workload applied.
 *
 * @param workload the workload, under its top owner
 * @param apiVersion its {@code apiVersion}, or {@code null} when unknown
 * @param uid its {@code metadata.uid}, or {@code null} when unknown
 * @param container the container that runs the image
 */
public record WorkloadVerdict(
        WorkloadRef workload, String apiVersion, String uid, String container, ImageVerdict verdict) {}
