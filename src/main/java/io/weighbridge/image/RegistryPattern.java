package io.weighbridge.image;

import io.weighbridge.image.registry.RegistryHosts;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry part of a credential key ({@code quay.io}, {@code 127.0.0.1:5000},
 * {@code *.registry.example}), matched against a registry name as the kubelet does: ports equal,
 * the same number of dot-separated host parts, each equal or matched by a part with {@code *}.
 * Docker Hub's names are one registry.
 */
record RegistryPattern(String host, String port) {
    private static final Pattern HOST_PART = Pattern.compile("[a-z0-9*_-]+");
    private static final Pattern IPV6_AND_PORT = Pattern.compile("(\\[[0-9a-f:]+\\])(?::([0-9]+))?");

    /**
     * Empty when the text cannot name a registry (blank, spaces, a bare {@code *}). An IPv6
     * address in brackets ({@code [fc00::1]:5000}) is one host part, matched as written.
     */
    static Optional<RegistryPattern> parse(String hostAndPort) {
        String lower = hostAndPort.toLowerCase(Locale.ROOT);
        Matcher ipv6 = IPV6_AND_PORT.matcher(lower);
        if (ipv6.matches()) {
            return Optional.of(new RegistryPattern(ipv6.group(1), ipv6.group(2) == null ? "" : ipv6.group(2)));
        }
        int colon = lower.lastIndexOf(':');
        String host = colon < 0 ? lower : lower.substring(0, colon);
        String port = colon < 0 ? "" : lower.substring(colon + 1);
        if (host.isEmpty() || !port.matches("[0-9]*") || host.equals("*")) {
            return Optional.empty();
        }
        for (String part : host.split("\\.", -1)) {
            if (!HOST_PART.matcher(part).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(new RegistryPattern(port.isEmpty() ? RegistryHosts.canonical(host) : host, port));
    }

    boolean matches(String registry) {
        Optional<RegistryPattern> target = parse(registry);
        if (target.isEmpty()
                || target.get().hasWildcard()
                || !port.equals(target.get().port())) {
            return false;
        }
        String[] patternParts = host.split("\\.");
        String[] targetParts = target.get().host().split("\\.");
        if (patternParts.length != targetParts.length) {
            return false;
        }
        for (int i = 0; i < patternParts.length; i++) {
            if (!partMatches(patternParts[i], targetParts[i])) {
                return false;
            }
        }
        return true;
    }

    boolean hasWildcard() {
        return host.contains("*");
    }

    boolean isDockerHub() {
        return port.isEmpty() && host.equals(ImageReference.DOCKER_HUB);
    }

    @Override
    public String toString() {
        return port.isEmpty() ? host : host + ":" + port;
    }

    private static boolean partMatches(String pattern, String part) {
        if (!pattern.contains("*")) {
            return pattern.equals(part);
        }
        String regex = ("\\Q" + pattern + "\\E").replace("*", "\\E[^.]*\\Q");
        return part.matches(regex);
    }
}
