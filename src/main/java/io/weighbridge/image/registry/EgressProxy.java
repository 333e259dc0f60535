package io.weighbridge.image.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An HTTP forward proxy ({@code http://[user:password@]host[:port]}, port 80 when none is given,
 * as Go's {@code net/http} reads it; a value without a scheme is taken as {@code http://}). Its
 * credentials go to the proxy alone, as {@code Proxy-Authorization}; {@link #toString()} names
 * host and port only, so no message, metric or log line can carry the password.
 */
public record EgressProxy(String host, int port, Optional<String> user, Optional<String> password) {

    /**
     * Reads a proxy setting; {@code source} names where it came from ({@code HTTPS_PROXY},
     * {@code weighbridge.registry.proxy.https}) for the one line that says what is wrong, which
     * never repeats the value (it may hold a password).
     */
    public static EgressProxy parse(String source, String value) {
        String text = value.strip();
        URI uri;
        try {
            uri = new URI(text.contains("://") ? text : "http://" + text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(source + " is not a proxy URL (http://[user:password@]host[:port])");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException(
                    source + " names a " + uri.getScheme()
                            + " proxy; only http:// proxies are supported (HTTPS registries are reached through them with CONNECT)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(
                    source + " is not a proxy URL (http://[user:password@]host[:port]): no host");
        }
        if (uri.getRawPath() != null
                && !uri.getRawPath().isEmpty()
                && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException(
                    source + " is not a proxy URL (http://[user:password@]host[:port]): it has a path");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            password = Optional.of(colon < 0 ? "" : decode(userInfo.substring(colon + 1)));
        }
        return new EgressProxy(
                AddressCheck.withoutBrackets(uri.getHost()), uri.getPort() == -1 ? 80 : uri.getPort(), user, password);
    }

    private static String decode(String percentEncoded) {
        return URLDecoder.decode(percentEncoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** {@code host:port} of the proxy, for messages; never its credentials. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
