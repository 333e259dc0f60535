package io.weighbridge.admission;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.weighbridge.workload.GroupKind;
import io.weighbridge.workload.ObjectIdentity;
import io.weighbridge.workload.WorkloadRead;

/**
 * An AdmissionReview whose envelope is sound.
 *
 * @param apiVersion the review's apiVersion, echoed in the response
 * @param request the request's envelope (uid, kind, operation, namespace…), without its objects
 * @param object what the workload reader found in {@code request.object}
 * @param oldObject what it found in {@code request.oldObject} (on UPDATE and DELETE)
 */
record ReceivedReview(String apiVersion, AdmissionRequest request, WorkloadRead object, WorkloadRead oldObject) {

    String uid() {
        return request.getUid();
    }

    /** The group and kind the request names, else the ones its object names, else {@code null}. */
    GroupKind groupKind() {
        if (request.getKind() != null && request.getKind().getKind() != null) {
            return new GroupKind(request.getKind().getGroup(), request.getKind().getKind());
        }
        return subject() == null ? null : subject().kind();
    }

    /** The name of {@link #groupKind()}'s kind, or {@code null}. */
    String kind() {
        GroupKind groupKind = groupKind();
        return groupKind == null ? null : groupKind.kind();
    }

    /** The object, or for a DELETE the old object, as far as it names itself; {@code null} without either. */
    ObjectIdentity subject() {
        WorkloadRead read = object != null && object.identity().kind() != null ? object : oldObject;
        return read == null ? null : read.identity();
    }
}
