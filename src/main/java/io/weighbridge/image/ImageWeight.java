package io.weighbridge.image;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an image weighs in its registry.
 *
 * @param reference the normalised reference that was weighed
 * @param digest what the reference resolves to: the manifest digest, or for a multi-arch image
 *     the index digest
 * @param platform {@code os/arch[/variant]} of the weighed manifest, or {@code null} when the
 *     config does not say
 * @param configBytes size of the config blob
 * @param layers the layers, bottom first, as the manifest lists them (a digest listed twice is
 *     listed twice here, and pulled once)
 * @param base the detected base distribution
 * @param pulledFrom the mirror that answered ({@code registry/repository}), or {@code null} when
 *     the image's own registry did; {@code reference} stays the user's reference either way
 * @param sizeBytes compressed bytes as a node pulls them: the config and every distinct layer
 *     blob, once; always summed here from {@code configBytes} and {@code layers} (the value given is
 *     ignored), once per weight rather than at every rule, metric and message that reads it
 */
public record ImageWeight(
        ImageReference reference,
        Digest digest,
        String platform,
        long configBytes,
        List<Layer> layers,
        BaseImage base,
        String pulledFrom,
        long sizeBytes) {

    public ImageWeight {
        layers = List.copyOf(layers);
        if (configBytes < 0 || layers.stream().anyMatch(layer -> layer.sizeBytes() < 0)) {
            throw new IllegalArgumentException("a config or layer size is negative");
        }
        try {
            sizeBytes = pulledBytes(configBytes, layers);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "config and layer sizes add up to more than " + Long.MAX_VALUE + " bytes");
        }
    }

    public ImageWeight(
            ImageReference reference,
            Digest digest,
            String platform,
            long configBytes,
            List<Layer> layers,
            BaseImage base,
            String pulledFrom) {
        this(reference, digest, platform, configBytes, layers, base, pulledFrom, 0);
    }

    /** Weighed in the image's own registry. */
    public ImageWeight(
            ImageReference reference,
            Digest digest,
            String platform,
            long configBytes,
            List<Layer> layers,
            BaseImage base) {
        this(reference, digest, platform, configBytes, layers, base, null);
    }

    /** The same weight, reported under the user's {@code reference}, as answered by {@code mirror}. */
    public ImageWeight fromMirror(ImageReference userReference, String mirror) {
        return new ImageWeight(userReference, digest, platform, configBytes, layers, base, mirror);
    }

    /**
     * The config and each distinct layer once, summed exactly.
     *
     * @throws ArithmeticException when the sum passes {@link Long#MAX_VALUE}
     */
    static long pulledBytes(long configBytes, List<Layer> layers) {
        long total = configBytes;
        Set<Digest> pulled = layers.size() > 1 ? new HashSet<>() : null;
        for (Layer layer : layers) {
            if (pulled == null || pulled.add(layer.digest())) {
                total = Math.addExact(total, layer.sizeBytes());
            }
        }
        return total;
    }

    public Optional<Layer> largestLayer() {
        return layers.stream().max(Comparator.comparingLong(Layer::sizeBytes));
    }

    /** This weight on {@code detected}: itself when that is its base already. */
    public ImageWeight withBase(BaseImage detected) {
        return detected.equals(base)
                ? this
                : new ImageWeight(reference, digest, platform, configBytes, layers, detected, pulledFrom);
    }

    /**
     * The same weight under {@code weighed}, the reference it was asked for (a weight cached by digest serves every
     * tag): itself when weighed under that reference already, as every warm weighing of the same reference is.
     */
    ImageWeight as(ImageReference weighed) {
        return weighed.equals(reference)
                ? this
                : new ImageWeight(weighed, digest, platform, configBytes, layers, base, pulledFrom);
    }

    /** The same weight, on the platform an index entry names (the config may not say). */
    ImageWeight on(Platform entryPlatform) {
        return new ImageWeight(
                reference, digest, SharedValues.text(entryPlatform.toString()), configBytes, layers, base, pulledFrom);
    }
}
