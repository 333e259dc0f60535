package io.weighbridge.check;

import io.fabric8.openshift.api.model.BuildConfig;
import io.weighbridge.build.BuildPlan;
import io.weighbridge.image.PlatformPin;
import io.weighbridge.image.PullSecretRefs;
import io.weighbridge.policy.FindingMessages;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.UpdatedImages;
import io.weighbridge.workload.ContainerImage;
import io.weighbridge.workload.ObjectIdentity;
import io.weighbridge.workload.WorkloadName;
import io.weighbridge.workload.WorkloadRead;
import io.weighbridge.workload.WorkloadRead.Judged;
import io.weighbridge.workload.WorkloadRead.Unreadable;
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
 * @param unreadable why the object cannot be read, or {@code null}: such an object is judged as one
 *     image that cannot be weighed, as admission judges it
 * @param names how exceptions may name it: its kind and name, then its owners
 * @param platform the platform its pod spec pins, weighed instead of the configured one
 */
public record Workload(
        String kind,
        String namespace,
        String name,
        List<ContainerImage> images,
        PullSecretRefs pullSecrets,
        BuildConfig build,
        Unreadable unreadable,
        List<WorkloadName> names,
        PlatformPin platform) {

    public Workload {
        images = List.copyOf(images);
        pullSecrets = pullSecrets == null ? PullSecretRefs.UNNAMED : pullSecrets;
        names = names == null ? List.of() : List.copyOf(names);
        platform = platform == null ? PlatformPin.UNPINNED : platform;
    }

    public Workload(
            String kind,
            String namespace,
            String name,
            List<ContainerImage> images,
            PullSecretRefs pullSecrets,
            BuildConfig build,
            Unreadable unreadable) {
        this(
                kind,
                namespace,
                name,
                images,
                pullSecrets,
                build,
                unreadable,
                kind == null || name == null ? List.of() : List.of(new WorkloadName(kind, name)),
                PlatformPin.UNPINNED);
    }

    /** The workload of what the workload reader found, or empty when the webhook does not judge its kind. */
    public static Optional<Workload> of(WorkloadRead read) {
        ObjectIdentity id = read.identity();
        if (read instanceof Unreadable unreadable) {
            return Optional.of(new Workload(
                    id.kindName(),
                    id.namespace(),
                    id.nameOrPrefix(),
                    List.of(),
                    null,
                    null,
                    unreadable,
                    id.names(),
                    null));
        }
        if (!(read instanceof Judged judged)) {
            return Optional.empty();
        }
        if (judged.build() != null) {
            List<ContainerImage> bases = BuildPlan.of(judged.build()).bases().stream()
                    .map(base -> new ContainerImage(FindingMessages.BUILD_BASE_PREFIX + base.origin(), base.name()))
                    .toList();
            return Optional.of(new Workload(
                    id.kindName(),
                    id.namespace(),
                    id.nameOrPrefix(),
                    bases,
                    null,
                    judged.build(),
                    null,
                    id.names(),
                    null));
        }
        return Optional.of(new Workload(
                id.kindName(),
                id.namespace(),
                id.nameOrPrefix(),
                judged.images(),
                judged.pullSecrets(),
                null,
                null,
                id.names(),
                judged.platform()));
    }

    /** What the engine judges: each container's image, or the unreadable object as one image that cannot be weighed. */
    public List<ImageUse> uses() {
        return uses(List.of());
    }

    /**
     * What the engine judges when the object replaces one whose containers ran {@code before}
     * (an UPDATE): images it already ran are never denied, and an image that replaces another in
     * the same container is judged for its growth.
     */
    public List<ImageUse> uses(List<ContainerImage> before) {
        if (unreadable != null) {
            return List.of(ImageUse.unreadable(unreadable));
        }
        return UpdatedImages.uses(images, before);
    }

    public Workload inNamespace(String defaultNamespace) {
        return namespace != null
                ? this
                : new Workload(kind, defaultNamespace, name, images, pullSecrets, build, unreadable, names, platform);
    }

    /** Whether {@code other} is a version of the same object: the same kind, namespace and name. */
    public boolean sameObjectAs(Workload other) {
        return kind.equals(other.kind)
                && java.util.Objects.equals(namespace, other.namespace)
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
}
