package io.weighbridge.image.registry;

import io.vertx.core.http.HttpMethod;
import io.weighbridge.image.Deadline;
import io.weighbridge.image.RequestPace;
import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One HTTP request to a registry or its token service, as it goes down the layers: each layer
 * reads what it needs and passes on a request with what it adds (an authorization, a checked
 * address).
 *
 * @param authorization sent only to {@code authorization.origin()}: kept across redirects, written only there
 * @param maxBodyBytes larger success bodies are refused before they are buffered
 * @param streamed a successful body is handed over as a stream instead of buffered
 * @param description what the request is for, in words ("resolving tag 1", "fetching config"), for messages
 * @param deadline the time the request may take, waits included
 * @param pace what the request waits for before it is sent (the audit's rate limit)
 * @param waits hears what the request waits for, should it wait (a slot, its turn), in words
 * @param address the address the address guard checked for {@code uri}'s host; set by that layer, empty when
 *     the name resolves only at the proxy
 * @param proxy the proxy the request goes through ({@link EgressRoute}); empty for a direct connection
 */
public record RegistryRequest(
        HttpMethod method,
        URI uri,
        Map<String, String> headers,
        Optional<BoundAuthorization> authorization,
        long maxBodyBytes,
        boolean streamed,
        String description,
        Deadline deadline,
        RequestPace pace,
        Consumer<String> waits,
        Optional<InetAddress> address,
        Optional<EgressProxy> proxy) {

    public RegistryRequest {
        headers = Map.copyOf(headers);
    }

    /** An Authorization header value bound to the origin ({@code scheme://host:port}) it was issued for. */
    public record BoundAuthorization(String origin, String headerValue) {
        @Override
        public String toString() {
            return "BoundAuthorization[" + origin + "]";
        }
    }

    RegistryRequest withUri(URI target) {
        return new RegistryRequest(
                method,
                target,
                headers,
                authorization,
                maxBodyBytes,
                streamed,
                description,
                deadline,
                pace,
                waits,
                Optional.empty(),
                Optional.empty());
    }

    RegistryRequest withAuthorization(BoundAuthorization bound) {
        return new RegistryRequest(
                method,
                uri,
                headers,
                Optional.of(bound),
                maxBodyBytes,
                streamed,
                description,
                deadline,
                pace,
                waits,
                address,
                proxy);
    }

    RegistryRequest withAddress(InetAddress checked) {
        return new RegistryRequest(
                method,
                uri,
                headers,
                authorization,
                maxBodyBytes,
                streamed,
                description,
                deadline,
                pace,
                waits,
                Optional.of(checked),
                proxy);
    }

    RegistryRequest through(EgressProxy egress) {
        return new RegistryRequest(
                method,
                uri,
                headers,
                authorization,
                maxBodyBytes,
                streamed,
                description,
                deadline,
                pace,
                waits,
                address,
                Optional.of(egress));
    }

    /** {@code registry:443}, or {@code registry:443 through proxy:3128}: where a connection goes, for messages. */
    String route() {
        return target() + proxy.map(egress -> " through proxy " + egress).orElse("");
    }

    /** {@code host[:port]} of the request's target: the registry whose slots, metrics and guard apply. */
    String target() {
        return hostAndPort(uri);
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
