package io.weighbridge.image;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What an image weighs in its registry.
 *
 * @param reference the normalised reference that was weighed
 * @param digest what the reference resolves to: the manifest digest, or for a multi-arch image
 *     the index digest
 * @param platform {@code os/arch[/variant]} of the weighed manifest, or {@code null} when the
 *     config does not say
 * @param configBytes size of the config blob
 * @param layers the layers, bottom first
 * @param base the detected base distribution
 * @param pulledFrom the mirror that answered ({@code registry/repository}), or {@code null} when
 *     the image's own registry did; {@code reference} stays the user's reference either way
 */
public record ImageWeight(
        ImageReference reference,
        String digest,
        String platform,
        long configBytes,
        List<Layer> layers,
        BaseImage base,
        String pulledFrom) {

    public ImageWeight {
        layers = List.copyOf(layers);
    }

    /** Weighed in the image's own registry. */
    public ImageWeight(ImageReference reference, String digest, String platform, long configBytes, List<Layer> layers,
            BaseImage base) {
        this(reference, digest, platform, configBytes, layers, base, null);
    }

    /** The same weight, reported under the user's {@code reference}, as answered by {@code mirror}. */
    public ImageWeight fromMirror(ImageReference userReference, String mirror) {
        return new ImageWeight(userReference, digest, platform, configBytes, layers, base, mirror);
    }

    /** Compressed bytes as stored: config plus every layer. */
    public long sizeBytes() {
        return configBytes + layers.stream().mapToLong(Layer::sizeBytes).sum();
    }

    public Optional<Layer> largestLayer() {
        return layers.stream().max(Comparator.comparingLong(Layer::sizeBytes));
    }

    public ImageWeight withBase(BaseImage detected) {
        return new ImageWeight(reference, digest, platform, configBytes, layers, detected, pulledFrom);
    }
}
