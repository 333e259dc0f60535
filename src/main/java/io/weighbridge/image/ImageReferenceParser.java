package io.weighbridge.image;

import io.weighbridge.image.InvalidImageReferenceException.Problem;
import io.weighbridge.image.ReferenceGrammar.Flaw;
import io.weighbridge.image.registry.RegistryHosts;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses and normalises an image reference as a node does (distribution/reference's
 * {@code ParseNormalizedNamed}, then {@code latest} when there is neither tag nor digest):
 * {@code nginx} is {@code docker.io/library/nginx:latest}, {@code index.docker.io/acme/app} is
 * {@code docker.io/acme/app:latest}, {@code [fc00::1]:5000/app} keeps its IPv6 registry. A
 * reference with both a tag and a digest keeps both; the digest is what is weighed.
 *
 * <p>Where we differ from the grammar, on purpose: Docker Hub's API hosts
 * ({@code registry-1.docker.io}, {@code registry.hub.docker.com}) are {@code docker.io} too; a port
 * must be 1 to 65535; sha512 digests are accepted. The table test lists every row of the
 * grammar's own tests.
 */
final class ImageReferenceParser {
    static final int MAX_LENGTH = 4096;
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");
    private static final String DOCKER_HUB_NAMESPACE = "library/";

    private ImageReferenceParser() {}

    static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidImageReferenceException(String.valueOf(text), Problem.EMPTY, "empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidImageReferenceException(
                    text, Problem.TOO_LONG, "longer than " + MAX_LENGTH + " characters");
        }
        if (IMAGE_ID.matcher(text).matches()) {
            throw new InvalidImageReferenceException(
                    text, Problem.IMAGE_ID, "a 64-hex-character name is an image ID, not a repository");
        }
        int scheme = text.indexOf("://");
        if (scheme >= 0) {
            throw new InvalidImageReferenceException(
                    text,
                    Problem.SCHEME,
                    "a reference has no scheme: drop \"" + OneLine.cap(text.substring(0, scheme + 3), 40) + "\"");
        }
        // Neither a tag nor a digest contains '/': both follow the last one.
        int lastSlash = text.lastIndexOf('/');
        if (lastSlash < 0 && text.startsWith("[")) {
            throw new InvalidImageReferenceException(
                    text,
                    Problem.REPOSITORY,
                    "a registry address needs a repository after it, as in [fc00::1]:5000/app");
        }
        int at = text.indexOf('@', lastSlash + 1);
        String withTag = at < 0 ? text : text.substring(0, at);
        String digest = at < 0 ? null : text.substring(at + 1);
        int colon = withTag.indexOf(':', lastSlash + 1);
        String name = colon < 0 ? withTag : withTag.substring(0, colon);
        String tag = colon < 0 ? null : withTag.substring(colon + 1);

        int firstSlash = name.indexOf('/');
        boolean registryGiven = firstSlash >= 0 && ReferenceGrammar.namesRegistry(name.substring(0, firstSlash));
        String registry = registryGiven ? name.substring(0, firstSlash) : ImageReference.DOCKER_HUB;
        String typedPath = registryGiven ? name.substring(firstSlash + 1) : name;
        if (registryGiven) {
            check(text, ReferenceGrammar.registryFlaw(registry));
            registry = RegistryHosts.dockerHubAsWritten(registry);
        }
        // docker.io/nginx is docker.io/library/nginx, as Docker Hub serves it.
        String path = registry.equals(ImageReference.DOCKER_HUB) && !typedPath.isEmpty() && typedPath.indexOf('/') < 0
                ? DOCKER_HUB_NAMESPACE + typedPath
                : typedPath;
        check(text, ReferenceGrammar.pathFlaw(path, typedPath));
        if (tag != null) {
            check(text, ReferenceGrammar.tagFlaw(tag));
        }
        if (digest != null) {
            check(text, ReferenceGrammar.digestFlaw(digest));
        }
        // Registry and repository as one shared string each, however many tags of them caches hold.
        return new ImageReference(
                SharedValues.text(registry),
                SharedValues.text(path),
                tag == null && digest == null ? "latest" : tag,
                digest);
    }

    private static void check(String text, Optional<Flaw> flaw) {
        if (flaw.isPresent()) {
            throw new InvalidImageReferenceException(
                    text, flaw.get().problem(), flaw.get().reason());
        }
    }
}
