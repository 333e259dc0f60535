package io.weighbridge.image.registry;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Which proxy, if any, each request goes through: HTTPS URLs through the HTTPS proxy, plain-HTTP
 * URLs through the HTTP proxy (neither falls back on the other, as in Go and curl), hosts that
 * {@link NoProxy} names directly. Every URL decides by its own host: a token realm or a blob
 * redirect on another host follows its own rule.
 *
 * <p>Settings come from {@code weighbridge.registry.proxy.https}, {@code .http} and
 * {@code .no-proxy} when set, else from the environment ({@code HTTPS_PROXY}, {@code HTTP_PROXY},
 * {@code NO_PROXY}, upper case read before lower case, as Go does). A setting of {@code none}
 * turns a proxy off although the environment names one.
 */
public final class EgressProxies {
    public static final EgressProxies DIRECT = new EgressProxies(Optional.empty(), Optional.empty(), NoProxy.NONE);

    private final Optional<EgressProxy> https;
    private final Optional<EgressProxy> http;
    private final NoProxy noProxy;

    private EgressProxies(Optional<EgressProxy> https, Optional<EgressProxy> http, NoProxy noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /** The configured settings (each may be empty), each overriding its environment variables. */
    public static EgressProxies of(
            Optional<String> https, Optional<String> http, Optional<String> noProxy, Map<String, String> environment) {
        return new EgressProxies(
                proxy(https, "weighbridge.registry.proxy.https", environment, "HTTPS_PROXY", "https_proxy"),
                proxy(http, "weighbridge.registry.proxy.http", environment, "HTTP_PROXY", "http_proxy"),
                NoProxy.parse(noProxy.or(() ->
                                variable(environment, "NO_PROXY", "no_proxy").map(Setting::value))
                        .orElse("")));
    }

    /** The proxy {@code uri} goes through; empty when it is reached directly. */
    Optional<EgressProxy> proxyFor(URI uri) {
        Optional<EgressProxy> proxy = "https".equals(uri.getScheme()) ? https : http;
        return proxy.isPresent() && !noProxy.direct(uri) ? proxy : Optional.empty();
    }

    /** {@code HTTPS through proxy:3128, HTTP direct}, for the startup log: hosts and ports only. */
    @Override
    public String toString() {
        return "HTTPS " + https.map(p -> "through " + p).orElse("direct") + ", HTTP "
                + http.map(p -> "through " + p).orElse("direct");
    }

    private record Setting(String source, String value) {}

    private static Optional<EgressProxy> proxy(
            Optional<String> configured, String key, Map<String, String> environment, String... variables) {
        Optional<Setting> setting =
                configured.map(value -> new Setting(key, value)).or(() -> variable(environment, variables));
        return setting.filter(s -> !s.value().isBlank() && !s.value().strip().equalsIgnoreCase("none"))
                .map(s -> EgressProxy.parse(s.source(), s.value()));
    }

    private static Optional<Setting> variable(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(new Setting(name, value));
            }
        }
        return Optional.empty();
    }
}
