package io.weighbridge.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.weighbridge.image.PullSecretRefs;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a pod spec tells about the images it runs and how the kubelet pulls them. */
final class PodSpecs {
    /** The prefixes of init and ephemeral containers' names in {@link ContainerImage#container()}. */
    static final String INIT = "init:";

    static final String EPHEMERAL = "ephemeral:";

    private PodSpecs() {}

    /** Every container's image: init containers first, then containers, then ephemeral ones. */
    static List<ContainerImage> images(PodSpec spec) {
        List<ContainerImage> images = new ArrayList<>();
        for (Container c : nullSafe(spec.getInitContainers())) {
            add(images, INIT + c.getName(), c.getImage());
        }
        for (Container c : nullSafe(spec.getContainers())) {
            add(images, c.getName(), c.getImage());
        }
        for (EphemeralContainer c : nullSafe(spec.getEphemeralContainers())) {
            add(images, EPHEMERAL + c.getName(), c.getImage());
        }
        return List.copyOf(images);
    }

    /**
     * The pull secrets and service account as the kubelet will see them: {@code imagePullSecrets} in
     * order, and {@code serviceAccountName} (or its deprecated alias {@code serviceAccount}).
     */
    static PullSecretRefs pullSecrets(PodSpec spec) {
        List<String> names = nullSafe(spec.getImagePullSecrets()).stream()
                .filter(Objects::nonNull)
                .map(LocalObjectReference::getName)
                .toList();
        String account = spec.getServiceAccountName() != null
                        && !spec.getServiceAccountName().isBlank()
                ? spec.getServiceAccountName()
                : spec.getServiceAccount();
        return new PullSecretRefs(names, account);
    }

    private static void add(List<ContainerImage> images, String container, String image) {
        // An empty image is the apiserver's to reject; here it would only be noise.
        if (image != null && !image.isBlank()) {
            images.add(new ContainerImage(container, image));
        }
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }
}
