package io.weighbridge.image.registry;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts reached directly although a proxy is set: {@code NO_PROXY} with the meaning Go's
 * {@code golang.org/x/net/http/httpproxy} gives it (curl agrees on all but CIDRs, which newer
 * curls read too). Comma-separated entries: {@code *} for every host; an IP literal or a CIDR,
 * matching IP literal hosts; a host name, matching it and its subdomains ({@code example.com});
 * {@code .example.com} or {@code *.example.com}, matching subdomains only; any entry but a CIDR
 * may carry {@code :port}, and then matches that port only. {@code localhost} and loopback
 * addresses are never proxied. Names are compared as written: no DNS lookup decides.
 */
final class NoProxy {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private record Domain(String suffix, boolean andItself, String port) {
        boolean matches(String host, String hostPort) {
            boolean named = host.endsWith(suffix) || (andItself && host.equals(suffix.substring(1)));
            return named && (port.isEmpty() || port.equals(hostPort));
        }
    }

    private record Ip(InetAddress address, String port) {
        boolean matches(InetAddress host, String hostPort) {
            return address.equals(host) && (port.isEmpty() || port.equals(hostPort));
        }
    }

    private final boolean everything;
    private final List<Cidr> networks;
    private final List<Ip> addresses;
    private final List<Domain> domains;

    private NoProxy(boolean everything, List<Cidr> networks, List<Ip> addresses, List<Domain> domains) {
        this.everything = everything;
        this.networks = List.copyOf(networks);
        this.addresses = List.copyOf(addresses);
        this.domains = List.copyOf(domains);
    }

    static final NoProxy NONE = parse("");

    static NoProxy parse(String list) {
        boolean everything = false;
        List<Cidr> networks = new ArrayList<>();
        List<Ip> addresses = new ArrayList<>();
        List<Domain> domains = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                everything = true;
                continue;
            }
            if (entry.contains("/")) {
                cidr(entry).ifPresent(networks::add);
                continue;
            }
            Optional<InetAddress> bare = ipLiteral(entry);
            if (bare.isPresent()) {
                addresses.add(new Ip(bare.get(), ""));
                continue;
            }
            String host = entry;
            String port = "";
            int colon = entry.lastIndexOf(':');
            boolean hasPort = colon > 0
                    && (entry.indexOf(':') == colon || entry.startsWith("[") && entry.charAt(colon - 1) == ']');
            if (hasPort) {
                host = AddressCheck.withoutBrackets(entry.substring(0, colon));
                port = entry.substring(colon + 1);
            }
            host = AddressCheck.withoutBrackets(host);
            if (host.isEmpty()) {
                continue;
            }
            Optional<InetAddress> withPort = ipLiteral(host);
            if (withPort.isPresent()) {
                addresses.add(new Ip(withPort.get(), port));
                continue;
            }
            if (host.startsWith("*.")) {
                host = host.substring(1);
            }
            boolean andItself = !host.startsWith(".");
            domains.add(new Domain(andItself ? "." + host : host, andItself, port));
        }
        return new NoProxy(everything, networks, addresses, domains);
    }

    /** Whether {@code uri}'s host is reached directly, without a proxy. */
    boolean direct(URI uri) {
        String host = AddressCheck.withoutBrackets(uri.getHost()).toLowerCase(Locale.ROOT);
        String port = Integer.toString(RegistryRequest.port(uri));
        if (host.equals("localhost")) {
            return true;
        }
        Optional<InetAddress> ip = ipLiteral(host);
        if (ip.isPresent() && ip.get().isLoopbackAddress()) {
            return true;
        }
        if (everything) {
            return true;
        }
        if (ip.isPresent()) {
            InetAddress address = ip.get();
            if (networks.stream().anyMatch(network -> network.contains(address))
                    || addresses.stream().anyMatch(entry -> entry.matches(address, port))) {
                return true;
            }
        }
        String trimmed = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return domains.stream().anyMatch(domain -> domain.matches(trimmed, port));
    }

    private static Optional<Cidr> cidr(String entry) {
        try {
            return Optional.of(Cidr.parse(entry));
        } catch (IllegalArgumentException notACidr) {
            return Optional.empty();
        }
    }

    /** An IP literal, parsed without any DNS lookup; empty for anything else. */
    static Optional<InetAddress> ipLiteral(String host) {
        boolean ipv4 = IPV4.matcher(host).matches();
        if (ipv4 && !Arrays.stream(host.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255)
                || !ipv4 && !IPV6.matcher(host).matches()) {
            // Not a literal: InetAddress would look a name such as 999.1.1.1 up in DNS.
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException notAnAddress) {
            return Optional.empty();
        }
    }
}
