package io.weighbridge.audit;

import io.weighbridge.workload.ContainerImage;
import io.weighbridge.image.PullSecretRefs;

/**
 * A container's image with the pull secrets its pod spec names: what the kubelet pulls it with,
 * and so what the audit weighs it with.
 */
record PulledImage(ContainerImage image, PullSecretRefs pullSecrets) {
    PulledImage {
        pullSecrets = pullSecrets == null ? PullSecretRefs.UNNAMED : pullSecrets;
    }
}
