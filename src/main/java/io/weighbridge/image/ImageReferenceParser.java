package io.weighbridge.image;

import com.google.cloud.tools.jib.api.InvalidImageReferenceException;

/**
 * Parses with jib-core's implementation of the Docker reference grammar and normalises Docker
 * Hub's aliases to {@code docker.io}, the name users and pull secrets use. Like jib (and unlike
 * recent Docker) it does not accept bracketed IPv6 registry hosts.
 */
final class ImageReferenceParser {
    private static final int MAX_LENGTH = 4096;

    private ImageReferenceParser() {}

    static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new io.weighbridge.image.InvalidImageReferenceException(String.valueOf(text), "empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new io.weighbridge.image.InvalidImageReferenceException(
                    text.substring(0, 64) + "…", "longer than " + MAX_LENGTH + " characters");
        }
        com.google.cloud.tools.jib.api.ImageReference parsed;
        try {
            parsed = com.google.cloud.tools.jib.api.ImageReference.parse(text);
        } catch (InvalidImageReferenceException e) {
            throw new io.weighbridge.image.InvalidImageReferenceException(text, "does not follow the reference grammar");
        }
        String registry = normaliseRegistry(parsed.getRegistry());
        String tag = parsed.getTag().orElse(null);
        String digest = parsed.getDigest().orElse(null);
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(registry, normaliseRepository(registry, parsed.getRepository()), tag, digest);
    }

    /**
     * Jib adds {@code library/} only when the registry was left out; Docker adds it to every
     * one-component Docker Hub name, so {@code docker.io/nginx} is {@code docker.io/library/nginx}.
     */
    private static String normaliseRepository(String registry, String repository) {
        return registry.equals(ImageReference.DOCKER_HUB) && !repository.contains("/") ? "library/" + repository : repository;
    }

    private static String normaliseRegistry(String registry) {
        return switch (registry) {
            case "registry-1.docker.io", "index.docker.io", "registry.hub.docker.com" -> ImageReference.DOCKER_HUB;
            default -> registry;
        };
    }
}
