package io.weighbridge.image.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.security.Security;
import java.time.Duration;
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
 *
 * <p>An address the guard allowed is reused for its host for {@link #reuseFor()} (no longer than the
 * JVM's own DNS cache would have answered the same lookup), so the requests of a weighing after
 * the first go straight to the exchange on the caller's thread, without a hop to a lookup thread
 * and back. The reused address is the one the guard checked, so the connection still goes only
 * where the guard allowed (a second DNS answer still cannot swap in another address); a refusal is
 * never kept, so a refused host is looked up and refused again on every request.
 */
final class AddressCheck implements Transport {
    /** Hosts whose allowed address is kept: a cluster pulls from a few registries, a redirect adds its blob store. */
    static final int MAX_HOSTS = 1024;
    /** The JVM's default {@code networkaddress.cache.ttl}, and the longest an allowed address is reused. */
    static final Duration MAX_REUSE = Duration.ofSeconds(30);

    private final AddressGuard guard;
    private final Executor resolver;
    private final Transport exchange;
    /** Host → the address the guard allowed for it. */
    private final Cache<String, InetAddress> allowed;

    AddressCheck(AddressGuard guard, Executor resolver, Transport exchange) {
        this.guard = guard;
        this.resolver = resolver;
        this.exchange = exchange;
        this.allowed = Caffeine.newBuilder()
                .maximumSize(MAX_HOSTS)
                .expireAfterWrite(reuseFor())
                .build();
    }

    /**
     * How long an allowed address is reused: as long as the JVM caches a lookup — its
     * {@code networkaddress.cache.ttl}, else the older {@code sun.net.inetaddr.ttl}, as
     * {@code InetAddress} reads them (30 s by default) — never longer than {@link #MAX_REUSE}; zero
     * (every request looks up) when it is 0.
     */
    static Duration reuseFor() {
        return reuseFor(Security.getProperty("networkaddress.cache.ttl"), System.getProperty("sun.net.inetaddr.ttl"));
    }

    static Duration reuseFor(String securityTtl, String systemTtl) {
        String ttl = securityTtl != null ? securityTtl : systemTtl;
        if (ttl == null) {
            return MAX_REUSE;
        }
        try {
            long seconds = Long.parseLong(ttl.trim());
            return seconds < 0 || seconds > MAX_REUSE.toSeconds() ? MAX_REUSE : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return MAX_REUSE;
        }
    }

    @Override
    public CompletableFuture<RegistryResponse> send(RegistryRequest request) {
        String host = withoutBrackets(request.uri().getHost());
        InetAddress known = allowed.getIfPresent(host);
        if (known != null) {
            return exchange.send(request.withAddress(known));
        }
        CompletableFuture<Optional<InetAddress>> checked;
        try {
            checked = CompletableFuture.supplyAsync(
                    () -> {
                        Optional<InetAddress> address = request.proxy().isPresent()
                                ? guard.resolveIfKnown(host)
                                : Optional.of(guard.resolve(host));
                        address.ifPresent(checkedAddress -> allowed.put(host, checkedAddress));
                        return address;
                    },
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
