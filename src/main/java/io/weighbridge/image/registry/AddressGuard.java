package io.weighbridge.image.registry;

import io.weighbridge.metrics.MetricNames;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Decides which addresses the webhook may connect to. An image name is user input: without
 * this check {@code 169.254.169.254/latest:x} or {@code kubernetes.default.svc/…} would make the
 * webhook call internal services. Hosts are resolved once here and the connection is then made
 * to the checked address, so a second DNS answer cannot swap in another one.
 */
public final class AddressGuard {

    /** Resolves host names; a seam so tests can map names without DNS. */
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Rule(String name, Cidr network) {}

    // Order matters: the first matching rule names the refusal, so metadata comes before link-local.
    private static final List<Rule> FORBIDDEN = List.of(
            new Rule("cloud metadata", Cidr.parse("169.254.169.254/32")),
            new Rule("cloud metadata", Cidr.parse("fd00:ec2::254/128")),
            new Rule("unspecified", Cidr.parse("0.0.0.0/8")),
            new Rule("loopback", Cidr.parse("127.0.0.0/8")),
            new Rule("private (RFC 1918)", Cidr.parse("10.0.0.0/8")),
            new Rule("private (RFC 1918)", Cidr.parse("172.16.0.0/12")),
            new Rule("private (RFC 1918)", Cidr.parse("192.168.0.0/16")),
            new Rule("carrier-grade NAT", Cidr.parse("100.64.0.0/10")),
            new Rule("link-local", Cidr.parse("169.254.0.0/16")),
            new Rule("multicast", Cidr.parse("224.0.0.0/4")),
            new Rule("reserved", Cidr.parse("240.0.0.0/4")),
            new Rule("unspecified", Cidr.parse("::/128")),
            new Rule("loopback", Cidr.parse("::1/128")),
            new Rule("link-local", Cidr.parse("fe80::/10")),
            new Rule("private (unique local)", Cidr.parse("fc00::/7")),
            new Rule("multicast", Cidr.parse("ff00::/8")));
    // IPv4-mapped IPv6 answers (::ffff:a.b.c.d) need no rule: InetAddress turns them into IPv4 addresses.

    private final List<Cidr> allowedNetworks;
    private final HostResolver resolver;

    public AddressGuard(List<Cidr> allowedNetworks, HostResolver resolver) {
        this.allowedNetworks = List.copyOf(allowedNetworks);
        this.resolver = resolver;
    }

    /** The guard of {@code weighbridge.registry.allowed-networks}: these CIDRs allowed, DNS as the system answers. */
    public static AddressGuard allowing(List<String> networks) {
        List<Cidr> allowed =
                networks.stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
        return new AddressGuard(allowed, InetAddress::getAllByName);
    }

    /**
     * Resolves {@code host} (blocking: call off the event loop) and returns the first address that
     * may be contacted; the caller connects to exactly that address.
     *
     * @throws AddressRefusedException naming host and rule when no address may be contacted
     */
    InetAddress resolve(String host) {
        return resolveIfKnown(host)
                .orElseThrow(() -> new AddressRefusedException("cannot resolve registry host " + host));
    }

    /**
     * As {@link #resolve}, but empty when the name does not resolve here, for a request that goes
     * through a proxy, which resolves it itself: what the proxy resolves, only the proxy can refuse.
     * An IP literal always resolves, so it is always checked.
     */
    Optional<InetAddress> resolveIfKnown(String host) {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(stripBrackets(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        String firstRefusal = null;
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address);
            if (refusal.isEmpty()) {
                return Optional.of(address);
            }
            if (firstRefusal == null) {
                firstRefusal = refusal.get();
            }
        }
        throw new AddressRefusedException(
                "refused to contact " + host + ": " + (firstRefusal != null ? firstRefusal : "no address"));
    }

    /** Why {@code address} may not be contacted, or empty when it may. */
    Optional<String> refusal(InetAddress address) {
        if (allowedNetworks.stream().anyMatch(n -> n.contains(address))) {
            return Optional.empty();
        }
        for (Rule rule : FORBIDDEN) {
            if (rule.network().contains(address)) {
                return Optional.of(address.getHostAddress() + " is a " + rule.name()
                        + " address (allow it with weighbridge.registry.allowed-networks)");
            }
        }
        return Optional.empty();
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The guard refused a host; no connection was made. */
    static final class AddressRefusedException extends RegistryException {
        AddressRefusedException(String message) {
            super(message, true, MetricNames.OUTCOME_REFUSED);
        }
    }
}
