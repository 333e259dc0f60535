package io.weighbridge.build;

import java.util.Optional;

/** Resolves an {@code ImageStreamTag} or {@code ImageStreamImage} to the image reference it points at. */
public interface ImageStreams {
    /**
     * @return {@code image.dockerImageReference}, or empty when the object does not exist or names no image
     * @throws RuntimeException when the API cannot be asked
     */
    Optional<String> dockerImageReference(String namespace, String kind, String name);
}
