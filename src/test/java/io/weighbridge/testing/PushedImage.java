package io.weighbridge.testing;

import io.weighbridge.image.ImageReference;

/**
 * A fixture image as the registry holds it, measured from what was read back after the push.
 *
 * @param reference where it lives (a tag, or a digest for a platform manifest inside an index)
 * @param digest the manifest digest the registry returns; for an index, the index's digest
 * @param sizeBytes config blob size plus every layer size, as the manifest's descriptors state;
 *     for an index, those of its linux/amd64 manifest
 * @param layerCount number of layers (for an index: of linux/amd64)
 * @param largestLayerBytes the biggest layer's size (for an index: of linux/amd64)
 * @param platform {@code os/architecture} from the config (for an index: {@code linux/amd64})
 */
public record PushedImage(
        ImageReference reference,
        String digest,
        long sizeBytes,
        int layerCount,
        long largestLayerBytes,
        String platform) {}
