package io.weighbridge.build;

/**
 * An image a build starts from, as the BuildConfig names it.
 *
 * @param kind {@code DockerImage}, {@code ImageStreamTag} or {@code ImageStreamImage}
 * @param name the reference, or {@code stream:tag} / {@code stream@digest}
 * @param namespace the image stream's namespace, or {@code null} for the BuildConfig's own
 * @param origin where it is written ({@code dockerStrategy.from}, {@code Dockerfile FROM line 7})
 * @param unknownBecause why the image cannot be known before the build runs, or {@code null}
 */
public record BaseRef(String kind, String name, String namespace, String origin, String unknownBecause) {
    public BaseRef(String kind, String name, String namespace, String origin) {
        this(kind, name, namespace, origin, null);
    }

    public boolean isImageStream() {
        return "ImageStreamTag".equals(kind) || "ImageStreamImage".equals(kind);
    }
}
