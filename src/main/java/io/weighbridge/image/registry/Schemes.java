package io.weighbridge.image.registry;

import io.weighbridge.metrics.RegistryMetrics;
import java.net.URI;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * HTTPS unless a registry is listed in {@code weighbridge.registry.plain-http}: the scheme of a
 * registry's API, and the one refusal of plain HTTP to any host not listed, wherever the URI came
 * from (a redirect, a token realm). Refused requests are counted and take no slot.
 */
final class Schemes implements Transport {
    private final Set<String> plainHttpHosts;
    private final Transport inner;
    private final RegistryMetrics metrics;

    Schemes(Collection<String> plainHttpHosts, Transport inner, RegistryMetrics metrics) {
        this.plainHttpHosts = Set.copyOf(plainHttpHosts);
        this.inner = inner;
        this.metrics = metrics;
    }

    /** Where a registry's API answers: {@code https://registry-1.docker.io/} for {@code docker.io}. */
    URI base(String registry) {
        String apiHost = RegistryHosts.apiHost(registry);
        return URI.create((plainHttpHosts.contains(apiHost) ? "http://" : "https://") + apiHost + "/");
    }

    @Override
    public CompletableFuture<RegistryResponse> send(RegistryRequest request) {
        URI uri = request.uri();
        if (!"https".equals(uri.getScheme()) && !plainHttpHosts.contains(request.target())) {
            metrics.refused(request.target());
            return CompletableFuture.failedFuture(
                    new RegistryException(request.description() + ": refused plain HTTP to " + request.target()
                            + " (not listed in weighbridge.registry.plain-http)"));
        }
        return inner.send(request);
    }
}
