package io.weighbridge.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.openshift.api.model.DeploymentConfig;
import io.weighbridge.image.PullSecretRefs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The images of every container of a Pod or of the pod template of a controller. */
public final class WorkloadImages {

    private WorkloadImages() {}

    /**
     * The images of the object, or empty when its kind is not one the webhook judges. A
     * supported object without a pod spec yet (a template still being written) has no images.
     */
    public static Optional<List<ContainerImage>> of(KubernetesResource object) {
        return podSpecOf(object).map(spec -> spec.map(WorkloadImages::imagesOf).orElse(List.of()));
    }

    /**
     * The pull secrets and service account the pod spec names, as the kubelet will see them:
     * {@code imagePullSecrets} in order, and {@code serviceAccountName} (or its deprecated alias
     * {@code serviceAccount}). An object without a pod spec names none.
     */
    public static PullSecretRefs pullSecretsOf(KubernetesResource object) {
        return podSpecOf(object).flatMap(spec -> spec).map(WorkloadImages::pullSecretsOf).orElse(PullSecretRefs.UNNAMED);
    }

    /** Whether {@link #of} can read objects of this kind. */
    public static boolean supports(KubernetesResource object) {
        return podSpecOf(object).isPresent();
    }

    private static Optional<Optional<PodSpec>> podSpecOf(KubernetesResource object) {
        if (object instanceof Pod pod) {
            return Optional.of(Optional.ofNullable(pod.getSpec()));
        }
        if (object instanceof Deployment d) {
            return template(d.getSpec(), s -> s.getTemplate());
        }
        if (object instanceof ReplicaSet r) {
            return template(r.getSpec(), s -> s.getTemplate());
        }
        if (object instanceof StatefulSet s) {
            return template(s.getSpec(), spec -> spec.getTemplate());
        }
        if (object instanceof DaemonSet d) {
            return template(d.getSpec(), s -> s.getTemplate());
        }
        if (object instanceof Job j) {
            return template(j.getSpec(), s -> s.getTemplate());
        }
        if (object instanceof CronJob c) {
            return template(c.getSpec(), s -> s.getJobTemplate() == null || s.getJobTemplate().getSpec() == null
                    ? null
                    : s.getJobTemplate().getSpec().getTemplate());
        }
        if (object instanceof ReplicationController r) {
            return template(r.getSpec(), s -> s.getTemplate());
        }
        if (object instanceof DeploymentConfig d) {
            return template(d.getSpec(), s -> s.getTemplate());
        }
        return Optional.empty();
    }

    private static <S> Optional<Optional<PodSpec>> template(S spec, Function<S, PodTemplateSpec> template) {
        return Optional.of(Optional.ofNullable(spec).map(template).map(PodTemplateSpec::getSpec));
    }

    private static PullSecretRefs pullSecretsOf(PodSpec spec) {
        List<String> names = nullSafe(spec.getImagePullSecrets()).stream()
                .filter(java.util.Objects::nonNull)
                .map(LocalObjectReference::getName)
                .toList();
        String account = spec.getServiceAccountName() != null && !spec.getServiceAccountName().isBlank()
                ? spec.getServiceAccountName()
                : spec.getServiceAccount();
        return new PullSecretRefs(names, account);
    }

    private static List<ContainerImage> imagesOf(PodSpec spec) {
        List<ContainerImage> images = new ArrayList<>();
        for (Container c : nullSafe(spec.getInitContainers())) {
            add(images, "init:" + c.getName(), c.getImage());
        }
        for (Container c : nullSafe(spec.getContainers())) {
            add(images, c.getName(), c.getImage());
        }
        for (EphemeralContainer c : nullSafe(spec.getEphemeralContainers())) {
            add(images, "ephemeral:" + c.getName(), c.getImage());
        }
        return List.copyOf(images);
    }

    private static void add(List<ContainerImage> images, String container, String image) {
        // An empty image is the apiserver's to reject; here it would only be noise.
        if (image != null && !image.isBlank()) {
            images.add(new ContainerImage(container, image));
        }
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
