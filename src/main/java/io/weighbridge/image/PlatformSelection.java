package io.weighbridge.image;

import io.weighbridge.image.ManifestDocument.ImageIndex;
import io.weighbridge.image.registry.RegistryException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which manifests of a multi-arch index to weigh: one platform ({@code linux/amd64}), or
 * {@code all} of them (the largest is reported).
 */
record PlatformSelection(Optional<Platform> wanted) {
    static final int MAX_FAN_OUT = 16;
    private static final String ATTESTATION = "attestation-manifest";

    static PlatformSelection parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("all")) {
            return new PlatformSelection(Optional.empty());
        }
        return new PlatformSelection(Optional.of(Platform.parse(trimmed)));
    }

    /** The platform a pod pins, instead of this configured selection; this one when the pod pins none. */
    PlatformSelection pinnedBy(PlatformPin pin) {
        return pin.pinned() ? new PlatformSelection(Optional.of(pin.over(wanted))) : this;
    }

    boolean all() {
        return wanted.isEmpty();
    }

    /**
     * The index entries to weigh: the first entry serving the wanted platform, or every runnable
     * entry (at most {@value #MAX_FAN_OUT}) for {@code all}. Attestation and platform-less
     * entries are never weighed.
     *
     * @throws RegistryException naming the platforms the index offers when none fits
     */
    List<Descriptor> choose(ImageIndex index) {
        List<Descriptor> runnable = index.manifests().stream()
                .filter(d -> d.platform().isPresent())
                .filter(d -> !"unknown".equals(d.platform().get().os()))
                .filter(d -> !ATTESTATION.equals(d.annotations().get("vnd.docker.reference.type")))
                .toList();
        if (wanted.isEmpty()) {
            if (runnable.isEmpty()) {
                throw new RegistryException("index lists no runnable platform");
            }
            return runnable.subList(0, Math.min(MAX_FAN_OUT, runnable.size()));
        }
        Platform platform = wanted.get();
        return runnable.stream()
                .filter(d -> platform.acceptsEntry(d.platform().get()))
                .findFirst()
                .map(List::of)
                .orElseThrow(() ->
                        new RegistryException("no manifest for platform " + platform + " in the index; available: "
                                + (runnable.isEmpty()
                                        ? "none"
                                        : runnable.stream()
                                                .map(d -> d.platform().get().toString())
                                                .distinct()
                                                .collect(Collectors.joining(", ")))));
    }

    @Override
    public String toString() {
        return wanted.map(Platform::toString).orElse("all");
    }
}
