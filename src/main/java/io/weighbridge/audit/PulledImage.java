package io.weighbridge.audit;

import io.weighbridge.image.PlatformPin;
import io.weighbridge.image.PullSecretRefs;
import io.weighbridge.workload.ContainerImage;

/**
 * A container's image with the pull secrets its pod spec names and the platform it pins: what the
 * kubelet pulls, and so what the audit weighs.
 */
record PulledImage(ContainerImage image, PullSecretRefs pullSecrets, PlatformPin platform) {
    PulledImage {
        pullSecrets = pullSecrets == null ? PullSecretRefs.UNNAMED : pullSecrets;
        platform = platform == null ? PlatformPin.UNPINNED : platform;
    }

    PulledImage(ContainerImage image, PullSecretRefs pullSecrets) {
        this(image, pullSecrets, PlatformPin.UNPINNED);
    }
}
