package io.weighbridge.image.registry;

import io.vertx.core.http.HttpMethod;
import io.weighbridge.image.Digest;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * One call of the registry API on a repository, as a value: what to send, what to accept, how to
 * read the answer and what to call it when it fails. {@link Repository} runs it through the layers.
 *
 * @param route the path under {@code /v2/<repository>/} ({@code manifests/1.0}, {@code blobs/sha256:…})
 * @param accept media types for the Accept header; none for blobs
 * @param maxBodyBytes larger success bodies are refused before they are read
 * @param streamed a successful body is handed over as a stream to read on a worker thread
 * @param reader turns the answer into the result, or throws a {@link RegistryException}
 * @param description what the call does, in words, for messages ({@code fetching config})
 */
public record RegistryCall<T>(
        HttpMethod method,
        String route,
        List<String> accept,
        long maxBodyBytes,
        boolean streamed,
        Reader<T> reader,
        String description) {

    public static final long MAX_MANIFEST_BYTES = 4L * 1024 * 1024;
    public static final long MAX_CONFIG_BYTES = 8L * 1024 * 1024;

    public RegistryCall {
        accept = List.copyOf(accept);
    }

    /** Reads an answer; throws {@link RegistryException} saying what was wrong with it. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(RegistryResponse response);
    }

    /** The digest a tag points at, from a HEAD request; empty when the registry does not say. */
    static RegistryCall<Optional<Digest>> resolveTag(String tag) {
        String description = "resolving tag " + tag;
        return new RegistryCall<>(
                HttpMethod.HEAD,
                "manifests/" + tag,
                MediaTypes.MANIFESTS,
                MAX_MANIFEST_BYTES,
                false,
                response -> {
                    // Rate-limited or broken: a GET would only hit the registry again for the same answer.
                    if (response.status() == 429 || response.status() >= 500) {
                        requireSuccess(response, description);
                    }
                    return response.successful() ? announcedDigest(response) : Optional.empty();
                },
                description);
    }

    /** A manifest by tag: its own sha256 is its digest, and must agree with Docker-Content-Digest. */
    static RegistryCall<RawManifest> manifestByTag(String tag) {
        String description = "fetching manifest " + tag;
        return manifest("manifests/" + tag, description, response -> {
            Digest digest = Digest.sha256Of(response.body());
            Optional<Digest> announced = announcedDigest(response);
            if (announced.isPresent()
                    && announced.get().algorithm().equals(digest.algorithm())
                    && !announced.get().equals(digest)) {
                throw new RegistryException(
                        description + ": content does not match Docker-Content-Digest " + announced.get());
            }
            return digest;
        });
    }

    /** A manifest by digest, verified against it. */
    static RegistryCall<RawManifest> manifest(Digest digest) {
        return manifest("manifests/" + digest, "fetching manifest " + digest.abbreviated(), response -> digest);
    }

    /** A small blob (the config), verified against its digest. */
    static RegistryCall<byte[]> config(Digest digest) {
        String description = "fetching config";
        return new RegistryCall<>(
                HttpMethod.GET,
                "blobs/" + digest,
                List.of(),
                MAX_CONFIG_BYTES,
                false,
                response -> {
                    requireSuccess(response, description);
                    requireMatch(digest, response.body(), description);
                    return response.body();
                },
                description);
    }

    /** A blob as a stream, for a worker thread; the caller closes it. Not verified: readers stop early. */
    static RegistryCall<InputStream> layer(Digest digest) {
        String description = "reading layer " + digest.abbreviated();
        return new RegistryCall<>(
                HttpMethod.GET,
                "blobs/" + digest,
                List.of(),
                Long.MAX_VALUE,
                true,
                response -> {
                    requireSuccess(response, description);
                    return response.stream().orElseThrow();
                },
                description);
    }

    private static RegistryCall<RawManifest> manifest(String route, String description, Reader<Digest> digestOf) {
        return new RegistryCall<>(
                HttpMethod.GET,
                route,
                MediaTypes.MANIFESTS,
                MAX_MANIFEST_BYTES,
                false,
                response -> {
                    requireSuccess(response, description);
                    Digest digest = digestOf.read(response);
                    requireMatch(digest, response.body(), description);
                    return new RawManifest(response.body(), response.mediaType(), digest);
                },
                description);
    }

    private static void requireSuccess(RegistryResponse response, String description) {
        if (!response.successful()) {
            throw new RegistryException(
                    description + ": " + RegistryErrorBody.describe(response.status(), response.body()),
                    response.status() != 429);
        }
    }

    private static void requireMatch(Digest digest, byte[] content, String description) {
        if (!digest.matches(content)) {
            throw new RegistryException(description + ": content does not match its digest " + digest);
        }
    }

    private static Optional<Digest> announcedDigest(RegistryResponse response) {
        return response.header("Docker-Content-Digest").flatMap(text -> {
            try {
                return Optional.of(Digest.parse(text.trim()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }
}
