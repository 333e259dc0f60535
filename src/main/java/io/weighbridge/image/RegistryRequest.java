package io.weighbridge.image;

import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * One request to a registry or its token service.
 *
 * @param authorization sent only to {@code authorization.origin()}: kept across redirects, written only there
 * @param maxBodyBytes larger success bodies are refused before they are buffered
 * @param activity what the request is for, in words ("resolving tag", "fetching config"), for messages
 */
record RegistryRequest(
        HttpMethod method,
        URI uri,
        Map<String, String> headers,
        Optional<BoundAuthorization> authorization,
        long maxBodyBytes,
        String activity) {

    RegistryRequest {
        headers = Map.copyOf(headers);
    }

    /** An Authorization header value bound to the origin ({@code scheme://host:port}) it was issued for. */
    record BoundAuthorization(String origin, String headerValue) {
        @Override
        public String toString() {
            return "BoundAuthorization[" + origin + "]";
        }
    }

    RegistryRequest withUri(URI target) {
        return new RegistryRequest(method, target, headers, authorization, maxBodyBytes, activity);
    }

    RegistryRequest withAuthorization(BoundAuthorization bound) {
        return new RegistryRequest(method, uri, headers, Optional.of(bound), maxBodyBytes, activity);
    }

    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + port(uri);
    }

    static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /** {@code host[:port]} as written in configuration ({@code weighbridge.registry.plain-http}). */
    static String hostAndPort(URI uri) {
        return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** The URI without query string, for messages: queries of token URLs can carry scopes, nothing more, but keep them short. */
    String redactedUri() {
        return uri.getScheme() + "://" + hostAndPort(uri) + uri.getRawPath();
    }
}
