package io.weighbridge.testing;

import io.weighbridge.testing.RawImagePusher.BuildStep;
import java.util.List;

/**
 * Images whose bottom layer's history line a test chooses, for what a config says of its base
 * (a hint) against what the layer's bytes say.
 */
public final class HistoryImages {
    /** What Docker writes for a root filesystem added from a file: it names no base. */
    public static final String ADD_FILE =
            "/bin/sh -c #(nop) ADD file:6d8f2a1bb1b6c2a6c7f0d1e0c1b1d1b4e6b54a2f2c1e0b9a8f7e6d5c4b3a2918 in / ";
    /** What Alpine's official image writes for its root filesystem: it names the base. */
    public static final String ADD_ALPINE_ROOTFS = "ADD alpine-minirootfs-3.20.3-x86_64.tar.gz / # buildkit";

    private HistoryImages() {}

    /** {@code repository:tag}: the Debian base layer, made by {@code bottomCreatedBy}, and a small layer of its own. */
    public static PushedImage onDebianLayer(
            TestRegistry registry, String repository, String tag, String bottomCreatedBy) {
        return push(registry, repository, tag, bottomCreatedBy, FixtureLayers.DEBIAN_BASE);
    }

    /** {@code repository:tag}: the Alpine base layer, made by {@code bottomCreatedBy}, and a small layer of its own. */
    public static PushedImage onAlpineLayer(
            TestRegistry registry, String repository, String tag, String bottomCreatedBy) {
        return push(registry, repository, tag, bottomCreatedBy, FixtureLayers.ALPINE_BASE);
    }

    private static PushedImage push(
            TestRegistry registry, String repository, String tag, String bottomCreatedBy, LayerContent bottom) {
        List<BuildStep> steps = List.of(
                BuildStep.layer(bottomCreatedBy, bottom),
                BuildStep.layer(
                        "COPY app.bin /app/app.bin # buildkit",
                        LayerContent.named(repository + "-" + tag)
                                .randomFile("app/app.bin", (repository + tag).hashCode(), 4096)
                                .build()));
        String digest = new RawImagePusher()
                .pushImage(registry, repository, tag, ManifestFormat.DOCKER, FixturePlatform.LINUX_AMD64, steps);
        return ImageReadback.manifest(registry, repository, tag, ManifestFormat.DOCKER.manifestType, digest);
    }
}
