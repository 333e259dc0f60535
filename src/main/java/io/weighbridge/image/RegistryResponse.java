package io.weighbridge.image;

import io.vertx.core.MultiMap;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/**
 * A registry's answer. {@code body} holds the buffered body (at most the request's cap; error
 * bodies are truncated), or is empty when {@code stream} carries it.
 */
record RegistryResponse(int status, MultiMap headers, byte[] body, URI uri, Optional<InputStream> stream) {

    boolean successful() {
        return status >= 200 && status < 300;
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** Content-Type without parameters. */
    Optional<String> mediaType() {
        return header("Content-Type").map(v -> v.split(";", 2)[0].trim()).filter(v -> !v.isEmpty());
    }
}
