package io.weighbridge.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.InvalidImageReferenceException;

/**
 * An image string as an object names it, parsed once: the same few images come back in every
 * review, so the parse (and its normalised text) is kept by the string, in a bounded cache.
 *
 * @param reference the parsed reference, or {@code null} when the string is none
 * @param shownAs how messages name the image: the normalised reference, else the string as written
 * @param invalidBecause why the string is no image reference, or {@code null}
 */
record ParsedReference(ImageReference reference, String shownAs, String invalidBecause) {
    /**
     * Distinct image strings kept: more than a cluster's warm set usually holds, and at about 300
     * bytes each at most a few MiB. A string past it is parsed again when it comes back.
     */
    static final int MAX_KEPT = 8_192;

    private static final Cache<String, ParsedReference> PARSED =
            Caffeine.newBuilder().maximumSize(MAX_KEPT).build();

    static ParsedReference of(String image) {
        return image == null ? parse(null) : PARSED.get(image, ParsedReference::parse);
    }

    private static ParsedReference parse(String image) {
        try {
            ImageReference reference = ImageReference.parse(image);
            String normalised = reference.toString();
            // A string written in full is its own normalised text: kept once, as the key it is cached by.
            return new ParsedReference(reference, normalised.equals(image) ? image : normalised, null);
        } catch (InvalidImageReferenceException e) {
            return new ParsedReference(null, image, e.getMessage());
        }
    }
}
