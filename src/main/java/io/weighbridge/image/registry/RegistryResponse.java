package io.weighbridge.image.registry;

import io.vertx.core.MultiMap;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/**
 * A registry's answer. {@code body} holds the buffered body (at most the request's cap; error
 * bodies are truncated), or is empty when {@code stream} carries it.
 */
public record RegistryResponse(int status, MultiMap headers, byte[] body, URI uri, Optional<InputStream> stream) {

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** Content-Type without parameters. */
    public Optional<String> mediaType() {
        return header("Content-Type").map(v -> v.split(";", 2)[0].trim()).filter(v -> !v.isEmpty());
    }

    RegistryResponse withStream(InputStream replacement) {
        return new RegistryResponse(status, headers, body, uri, Optional.of(replacement));
    }
}
