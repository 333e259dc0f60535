package io.weighbridge.check;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.weighbridge.admission.ContainerImage;
import io.weighbridge.admission.WorkloadImages;
import io.fabric8.openshift.api.model.BuildConfig;
import io.weighbridge.build.BuildPlan;
import io.weighbridge.image.PullSecretRefs;
import io.weighbridge.policy.FindingMessages;
import java.util.List;
import java.util.Optional;

/**
 * An object whose images the webhook judges, reduced to what a dry run needs.
 *
 * @param kind {@code Deployment}, {@code CronJob}…
 * @param namespace {@code metadata.namespace}, or {@code null} when the object does not say
 * @param name {@code metadata.name} (or {@code generateName}), or {@code null}
 * @param images its containers' images (for a BuildConfig, its bases as written)
 * @param pullSecrets the pull secrets and service account its pod spec names
 * @param build the BuildConfig itself, whose bases and Dockerfile are judged, or {@code null}
 */
public record Workload(String kind, String namespace, String name, List<ContainerImage> images, PullSecretRefs pullSecrets,
        BuildConfig build) {

    public Workload {
        images = List.copyOf(images);
        pullSecrets = pullSecrets == null ? PullSecretRefs.UNNAMED : pullSecrets;
    }

    public Workload(String kind, String namespace, String name, List<ContainerImage> images) {
        this(kind, namespace, name, images, PullSecretRefs.UNNAMED, null);
    }

    public Workload(String kind, String namespace, String name, List<ContainerImage> images, PullSecretRefs pullSecrets) {
        this(kind, namespace, name, images, pullSecrets, null);
    }

    /** The workload in the object, or empty when the webhook does not judge its kind. */
    public static Optional<Workload> of(KubernetesResource object) {
        if (object instanceof BuildConfig build) {
            ObjectMeta meta = build.getMetadata();
            List<ContainerImage> bases = BuildPlan.of(build).bases().stream()
                    .map(base -> new ContainerImage(FindingMessages.BUILD_BASE_PREFIX + base.origin(), base.name()))
                    .toList();
            return Optional.of(new Workload("BuildConfig", meta == null ? null : blankToNull(meta.getNamespace()),
                    meta == null ? null : nameOf(meta), bases, PullSecretRefs.UNNAMED, build));
        }
        return WorkloadImages.of(object).map(images -> {
            ObjectMeta meta = object instanceof HasMetadata m ? m.getMetadata() : null;
            return new Workload(
                    KubernetesObjects.kindOf(object),
                    meta == null ? null : blankToNull(meta.getNamespace()),
                    meta == null ? null : nameOf(meta),
                    images,
                    WorkloadImages.pullSecretsOf(object));
        });
    }

    public Workload inNamespace(String defaultNamespace) {
        return namespace != null ? this : new Workload(kind, defaultNamespace, name, images, pullSecrets, build);
    }

    /** How exceptions name it: its kind and name, when it has one. */
    public java.util.List<io.weighbridge.policy.WorkloadName> names() {
        return name == null ? java.util.List.of() : java.util.List.of(new io.weighbridge.policy.WorkloadName(kind, name));
    }

    /** Whether {@code other} is a version of the same object: the same kind, namespace and name. */
    public boolean sameObjectAs(Workload other) {
        return kind.equals(other.kind) && java.util.Objects.equals(namespace, other.namespace)
                && java.util.Objects.equals(name, other.name);
    }

    /** {@code Kind/namespace/name}, shortened where the object does not say. */
    public String displayName() {
        StringBuilder text = new StringBuilder(kind);
        if (namespace != null) {
            text.append('/').append(namespace);
        }
        return text.append('/').append(name == null ? "(unnamed)" : name).toString();
    }

    private static String nameOf(ObjectMeta meta) {
        String name = blankToNull(meta.getName());
        return name != null ? name : blankToNull(meta.getGenerateName());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
