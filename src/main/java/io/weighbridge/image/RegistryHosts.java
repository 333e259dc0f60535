package io.weighbridge.image;

import java.util.Locale;
import java.util.Set;

/** Docker Hub's many names, and where each registry's API lives. */
final class RegistryHosts {
    private static final Set<String> DOCKER_HUB_ALIASES =
            Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");
    static final String DOCKER_HUB_API = "registry-1.docker.io";

    private RegistryHosts() {}

    /** {@code index.docker.io} and friends become {@code docker.io}; other hosts are lower-cased. */
    static String canonical(String registry) {
        String lower = registry.toLowerCase(Locale.ROOT);
        return DOCKER_HUB_ALIASES.contains(lower) ? ImageReference.DOCKER_HUB : lower;
    }

    /**
     * Docker Hub's names as written ({@code index.docker.io}, {@code registry-1.docker.io}, …)
     * become {@code docker.io}; any other registry, upper-case letters included, is kept as the
     * reference grammar keeps it.
     */
    static String dockerHubAsWritten(String registry) {
        return DOCKER_HUB_ALIASES.contains(registry) ? ImageReference.DOCKER_HUB : registry;
    }

    /** The host[:port] that serves the registry API ({@code docker.io} → {@code registry-1.docker.io}). */
    static String apiHost(String registry) {
        return canonical(registry).equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }
}
