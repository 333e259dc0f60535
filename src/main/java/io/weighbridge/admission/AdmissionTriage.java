package io.weighbridge.admission;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.openshift.api.model.BuildConfig;
import io.weighbridge.build.BuildRequests;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.ImageUse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Maps an admission request to what the engine must judge, or to why nothing needs judging. */
final class AdmissionTriage {

    private AdmissionTriage() {}

    static Triage triage(ReceivedReview review, Instant deadline) {
        AdmissionRequest request = review.request();
        String operation = request.getOperation();
        if ("DELETE".equals(operation) || "CONNECT".equals(operation)) {
            return new Triage.AllowUnjudged(operation + " is not judged");
        }
        if (review.unreadableObject() != null) {
            return new Triage.Unreadable(review.unreadableObject());
        }
        KubernetesResource object = (KubernetesResource) request.getObject();
        if (object instanceof BuildConfig build) {
            if (build.getMetadata() != null && build.getMetadata().getDeletionTimestamp() != null) {
                return new Triage.AllowUnjudged("object is being deleted");
            }
            Set<String> before = "UPDATE".equals(operation) && request.getOldObject() instanceof BuildConfig old
                    ? BuildRequests.basesAsWritten(old)
                    : Set.of();
            return new Triage.JudgeBuild(build, namespaceOf(request, build.getMetadata()), kindOf(request), before, deadline);
        }
        Optional<List<ContainerImage>> images = Optional.ofNullable(object).flatMap(WorkloadImages::of);
        if (images.isEmpty()) {
            return new Triage.AllowUnjudged(kindOf(request) + " is not judged");
        }
        ObjectMeta metadata = object instanceof HasMetadata o ? o.getMetadata() : null;
        if (metadata != null && metadata.getDeletionTimestamp() != null) {
            // Its finalizers update it until it is gone; denying those updates would keep it forever.
            return new Triage.AllowUnjudged("object is being deleted");
        }
        if (images.get().isEmpty()) {
            return new Triage.AllowUnjudged("object has no images");
        }
        List<ContainerImage> before = "UPDATE".equals(operation) ? imagesOf(request.getOldObject()) : List.of();
        List<ImageUse> uses = UpdatedImages.uses(images.get(), before);
        return new Triage.Judge(new EvaluationRequest(namespaceOf(request, metadata), kindOf(request), uses, null, deadline,
                WorkloadImages.pullSecretsOf(object)).forWorkload(WorkloadNames.of(kindOf(request), metadata)));
    }

    static String kindOf(AdmissionRequest request) {
        if (request.getKind() != null && request.getKind().getKind() != null) {
            return request.getKind().getKind();
        }
        return request.getObject() instanceof HasMetadata o ? o.getKind() : null;
    }

    private static String namespaceOf(AdmissionRequest request, ObjectMeta metadata) {
        if (request.getNamespace() != null && !request.getNamespace().isBlank()) {
            return request.getNamespace();
        }
        return metadata == null ? null : metadata.getNamespace();
    }

    private static List<ContainerImage> imagesOf(Object oldObject) {
        if (!(oldObject instanceof KubernetesResource old)) {
            return List.of();
        }
        return WorkloadImages.of(old).orElse(List.of());
    }
}
