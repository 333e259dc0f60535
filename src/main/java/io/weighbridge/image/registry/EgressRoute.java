package io.weighbridge.image.registry;

import java.util.concurrent.CompletableFuture;

/**
 * Marks each request with the proxy it goes through ({@link EgressProxies}), by its own URL, so
 * a token realm or a redirect hop follows its own host's rule. Above the {@link AddressCheck}: the
 * guard still checks the registry's own address, and lets a name that only the proxy can resolve
 * through (what the proxy resolves, only the proxy can refuse); the exchange connects to the proxy.
 */
final class EgressRoute implements Transport {
    private final EgressProxies proxies;
    private final Transport inner;

    EgressRoute(EgressProxies proxies, Transport inner) {
        this.proxies = proxies;
        this.inner = inner;
    }

    @Override
    public CompletableFuture<RegistryResponse> send(RegistryRequest request) {
        return inner.send(proxies.proxyFor(request.uri()).map(request::through).orElse(request));
    }
}
