package io.weighbridge.admission;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.weighbridge.build.BuildRequests;
import io.weighbridge.image.Deadline;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.UpdatedImages;
import io.weighbridge.workload.ContainerImage;
import io.weighbridge.workload.ObjectIdentity;
import io.weighbridge.workload.WorkloadRead;
import io.weighbridge.workload.WorkloadRead.Judged;
import io.weighbridge.workload.WorkloadRead.Unreadable;
import java.util.List;
import java.util.Set;

/** Maps an admission request to what the engine must judge, or to why nothing needs judging. */
final class AdmissionTriage {

    private AdmissionTriage() {}

    static Triage triage(ReceivedReview review, Deadline deadline) {
        AdmissionRequest request = review.request();
        String operation = request.getOperation();
        if ("DELETE".equals(operation) || "CONNECT".equals(operation)) {
            return new Triage.AllowUnjudged(operation + " is not judged");
        }
        WorkloadRead object = review.object();
        if (object instanceof WorkloadRead.NotJudged) {
            return new Triage.AllowUnjudged(review.kind() + " is not judged");
        }
        if (object.identity().beingDeleted()) {
            // Its finalizers update it until it is gone; denying those updates would keep it forever.
            return new Triage.AllowUnjudged("object is being deleted");
        }
        String namespace = namespaceOf(request, object.identity());
        if (object instanceof Unreadable unreadable) {
            // Never allowed unread: that would switch the policies off for it. Each policy's
            // onRegistryError decides, as for an image that cannot be weighed.
            return new Triage.Judge(
                    new EvaluationRequest(
                                    namespace, review.kind(), List.of(ImageUse.unreadable(unreadable)), null, deadline)
                            .forWorkload(object.identity().names()),
                    unreadable.sentence());
        }
        Judged judged = (Judged) object;
        boolean update = "UPDATE".equals(operation);
        if (judged.build() != null) {
            Set<String> before = update && review.oldObject() instanceof Judged old && old.build() != null
                    ? BuildRequests.basesAsWritten(old.build())
                    : Set.of();
            return new Triage.JudgeBuild(
                    judged.build(),
                    namespace,
                    review.kind(),
                    before,
                    deadline,
                    object.identity().names());
        }
        if (judged.podSpec() == null) {
            // Nothing to weigh; said aloud, since a custom kind's path may be the admin's mistake.
            String where = "no pod spec at " + judged.kind().podSpec();
            return new Triage.AllowUnjudged(
                    "object has " + where,
                    "weighbridge found " + where + " in this " + judged.kind().kind() + ": its images were not judged");
        }
        List<ContainerImage> images = judged.images();
        if (images.isEmpty()) {
            return new Triage.AllowUnjudged("object has no images");
        }
        List<ImageUse> uses = UpdatedImages.uses(images, update ? imagesOf(review.oldObject()) : List.of());
        return new Triage.Judge(
                new EvaluationRequest(namespace, review.kind(), uses, null, deadline, judged.pullSecrets())
                        .forWorkload(object.identity().names())
                        .pinnedTo(judged.platform()),
                null);
    }

    private static String namespaceOf(AdmissionRequest request, ObjectIdentity object) {
        if (request.getNamespace() != null && !request.getNamespace().isBlank()) {
            return request.getNamespace();
        }
        return object.namespace();
    }

    /**
     * The images of the object before this UPDATE. An old object that cannot be read lends none:
     * every image is then judged as new, never more leniently than if it had been read.
     */
    private static List<ContainerImage> imagesOf(WorkloadRead oldObject) {
        if (!(oldObject instanceof Judged old)) {
            return List.of();
        }
        return old.images();
    }
}
