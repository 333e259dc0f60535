package io.weighbridge.image;

/**
 * A parsed, normalised image reference: {@code nginx} becomes
 * {@code docker.io/library/nginx:latest}. Behind the admission layer nothing handles raw image
 * strings; they are parsed once here, or rejected with {@link InvalidImageReferenceException}.
 *
 * @param registry host[:port] as users name it ({@code docker.io}, never {@code index.docker.io})
 * @param repository path inside the registry ({@code library/nginx})
 * @param tag the tag, or {@code null} when the reference is by digest only
 * @param digest {@code algorithm:hex}, or {@code null} when the reference is by tag only
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";

    public ImageReference {
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("an image reference needs a tag or a digest");
        }
    }

    /** Parses and normalises by the Docker/OCI reference grammar. */
    public static ImageReference parse(String reference) {
        return ImageReferenceParser.parse(reference);
    }

    /** The manifest reference to ask the registry for: the digest when pinned, else the tag. */
    public String manifestReference() {
        return digest != null ? digest : tag;
    }

    public boolean pinnedByDigest() {
        return digest != null;
    }

    /** {@code registry/repository} without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
