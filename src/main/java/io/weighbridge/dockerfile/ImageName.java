package io.weighbridge.dockerfile;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A {@code FROM} image read loosely, without normalising: enough to tell {@code golang:1.22-alpine}
 * is golang on alpine, even when build arguments left it unparsable as a reference.
 *
 * @param repository lower case, registry included when written ({@code gcr.io/distroless/static})
 * @param tag the tag, or empty
 */
record ImageName(String repository, String tag) {
    static ImageName of(String image) {
        String lower = image.toLowerCase(Locale.ROOT);
        int at = lower.indexOf('@');
        String withoutDigest = at < 0 ? lower : lower.substring(0, at);
        int colon = withoutDigest.lastIndexOf(':');
        if (colon > withoutDigest.lastIndexOf('/')) {
            return new ImageName(withoutDigest.substring(0, colon), withoutDigest.substring(colon + 1));
        }
        return new ImageName(withoutDigest, "");
    }

    /** The last path component ({@code golang} of {@code docker.io/library/golang}). */
    String shortName() {
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    List<String> pathComponents() {
        return Arrays.asList(repository.split("/"));
    }

    /** Tag words split at {@code - _ .} ({@code 3.12-slim-bookworm} gives 3, 12, slim, bookworm). */
    List<String> tagWords() {
        return Arrays.asList(tag.split("[-_.]"));
    }
}
