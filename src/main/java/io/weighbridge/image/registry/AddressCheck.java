package io.weighbridge.image.registry;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The address guard on every exchange (redirect hops and token realms included): the host is
 * resolved once, off the event loop, checked by the {@link AddressGuard}, and the exchange below
 * connects to exactly that address. Runs under a request slot, so a host whose DNS stalls holds
 * only its own share. A request through a proxy is checked the same way before the proxy is asked,
 * and connects to the proxy, which resolves the name again; a name that does not resolve here goes
 * to the proxy unchecked (what the proxy resolves, only the proxy can refuse).
 */
final class AddressCheck implements Transport {
    private final AddressGuard guard;
    private final Executor resolver;
    private final Transport exchange;

    AddressCheck(AddressGuard guard, Executor resolver, Transport exchange) {
        this.guard = guard;
        this.resolver = resolver;
        this.exchange = exchange;
    }

    @Override
    public CompletableFuture<RegistryResponse> send(RegistryRequest request) {
        String host = withoutBrackets(request.uri().getHost());
        CompletableFuture<Optional<InetAddress>> checked;
        try {
            checked = CompletableFuture.supplyAsync(
                    () -> request.proxy().isPresent() ? guard.resolveIfKnown(host) : Optional.of(guard.resolve(host)),
                    resolver);
        } catch (RejectedExecutionException busy) {
            return CompletableFuture.failedFuture(
                    new RegistryException(request.description() + ": too many host lookups at once"));
        }
        return request.deadline()
                .failAtEnd(
                        checked,
                        () -> RegistryException.deadlinePassed(request.description() + " (looking up " + host + ")"))
                .thenCompose(address ->
                        exchange.send(address.map(request::withAddress).orElse(request)));
    }

    static String withoutBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
