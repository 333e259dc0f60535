package io.weighbridge.image.registry;

import java.util.Locale;
import java.util.Set;

/** Docker Hub's many names, where each registry's API lives, and the one token realm known without configuration. */
public final class RegistryHosts {
    /** The name references normalise Docker Hub to. */
    public static final String DOCKER_HUB = "docker.io";

    private static final Set<String> DOCKER_HUB_ALIASES =
            Set.of(DOCKER_HUB, "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");
    static final String DOCKER_HUB_API = "registry-1.docker.io";
    /** Docker Hub's token service: a host of its own, part of Docker Hub as much as its API host is. */
    static final String DOCKER_HUB_TOKEN_REALM = "auth.docker.io";

    private RegistryHosts() {}

    /** {@code index.docker.io} and friends become {@code docker.io}; other hosts are lower-cased. */
    public static String canonical(String registry) {
        String lower = registry.toLowerCase(Locale.ROOT);
        return DOCKER_HUB_ALIASES.contains(lower) ? DOCKER_HUB : lower;
    }

    /**
     * Docker Hub's names as written ({@code index.docker.io}, {@code registry-1.docker.io}, …)
     * become {@code docker.io}; any other registry, upper-case letters included, is kept as the
     * reference grammar keeps it.
     */
    public static String dockerHubAsWritten(String registry) {
        return DOCKER_HUB_ALIASES.contains(registry) ? DOCKER_HUB : registry;
    }

    /** The host[:port] that serves the registry API ({@code docker.io} → {@code registry-1.docker.io}). */
    static String apiHost(String registry) {
        return canonical(registry).equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }
}
