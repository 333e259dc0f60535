package io.weighbridge.audit;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.weighbridge.image.PlatformPin;
import io.weighbridge.image.PullSecretRefs;
import io.weighbridge.workload.ContainerImage;
import io.weighbridge.workload.WorkloadRead;
import java.util.List;

/**
 * One listed Pod or controller, reduced to what the audit needs.
 *
 * @param uid {@code metadata.uid}
 * @param ref kind, namespace and name
 * @param controllerUid uid of the object's controller ({@code ownerReferences} with {@code controller: true}), or {@code null}
 * @param pod whether it is a Pod (what runs) rather than a controller (what will run)
 * @param images the images of its pod spec or pod template
 * @param pullSecrets the pull secrets and service account its pod spec or pod template names
 * @param apiVersion its {@code apiVersion} ({@code apps/v1}), for references to it in reports
 * @param platform the platform its pod spec or pod template pins, weighed instead of the configured one
 */
record ClusterObject(
        String uid,
        WorkloadRef ref,
        String controllerUid,
        boolean pod,
        List<ContainerImage> images,
        PullSecretRefs pullSecrets,
        String apiVersion,
        PlatformPin platform) {
    ClusterObject {
        images = List.copyOf(images);
        pullSecrets = pullSecrets == null ? PullSecretRefs.UNNAMED : pullSecrets;
        platform = platform == null ? PlatformPin.UNPINNED : platform;
    }

    ClusterObject(
            String uid,
            WorkloadRef ref,
            String controllerUid,
            boolean pod,
            List<ContainerImage> images,
            PullSecretRefs pullSecrets) {
        this(uid, ref, controllerUid, pod, images, pullSecrets, null, PlatformPin.UNPINNED);
    }

    /** Its images, each with the pull secrets they are pulled with. */
    List<PulledImage> pulledImages() {
        return images.stream()
                .map(image -> new PulledImage(image, pullSecrets, platform))
                .toList();
    }

    /** @param meta the listed object's metadata, for its uid and owner */
    static ClusterObject of(ObjectMeta meta, WorkloadRead.Judged object) {
        WorkloadRef ref = new WorkloadRef(object.identity().kindName(), meta.getNamespace(), meta.getName());
        return new ClusterObject(
                meta.getUid(),
                ref,
                controllerOf(meta),
                object.kind().isPod(),
                object.images(),
                object.pullSecrets(),
                object.identity().apiVersion(),
                object.platform());
    }

    private static String controllerOf(ObjectMeta meta) {
        if (meta.getOwnerReferences() == null) {
            return null;
        }
        return meta.getOwnerReferences().stream()
                .filter(owner -> Boolean.TRUE.equals(owner.getController()))
                .map(OwnerReference::getUid)
                .findFirst()
                .orElse(null);
    }
}
