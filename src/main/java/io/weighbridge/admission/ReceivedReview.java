package io.weighbridge.admission;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;

/**
 * An AdmissionReview whose envelope is sound.
 *
 * @param apiVersion the review's apiVersion, echoed in the response
 * @param request the request, with {@code object} and {@code oldObject} typed where their kind is
 *     known (a {@code Deployment}, a {@code DeploymentConfig}) and generic otherwise
 * @param unreadableObject why the object or oldObject of a judged kind could not be read, or
 *     {@code null} when both were read
 */
record ReceivedReview(String apiVersion, AdmissionRequest request, String unreadableObject) {

    String uid() {
        return request.getUid();
    }
}
