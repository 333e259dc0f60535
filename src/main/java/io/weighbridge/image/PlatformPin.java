package io.weighbridge.image;

import java.util.Optional;

/**
 * The platform a pod's own scheduling pins it to: the one architecture (and operating system)
 * its {@code nodeSelector} or required node affinity allows, and which of them pinned it; or
 * {@link #UNPINNED}, when the configured platform ({@code weighbridge.registry.platform}) is
 * weighed.
 *
 * @param os the pinned {@code kubernetes.io/os}, or {@code null} when only the architecture is pinned
 * @param architecture the pinned {@code kubernetes.io/arch}, or {@code null} when unpinned
 * @param pinnedBy what pinned it, in words ({@code nodeSelector}, {@code required node affinity})
 */
public record PlatformPin(String os, String architecture, String pinnedBy) {
    public static final PlatformPin UNPINNED = new PlatformPin(null, null, null);

    public boolean pinned() {
        return architecture != null;
    }

    /**
     * The platform to weigh: the pinned architecture and operating system, the operating system
     * from {@code configured} when the pod pins none ({@code linux} when {@code all} is configured),
     * and the configured variant only for the same architecture.
     */
    Platform over(Optional<Platform> configured) {
        String chosenOs = os != null ? os : configured.map(Platform::os).orElse("linux");
        String variant = configured
                .filter(p -> p.architecture().equals(architecture) && p.os().equals(chosenOs))
                .map(Platform::variant)
                .orElse(null);
        return new Platform(chosenOs, architecture, variant);
    }

    /** {@code arm64, pinned by nodeSelector}; {@code linux/arm64, pinned by required node affinity}. */
    @Override
    public String toString() {
        return pinned() ? (os != null ? os + "/" : "") + architecture + ", pinned by " + pinnedBy : "not pinned";
    }
}
