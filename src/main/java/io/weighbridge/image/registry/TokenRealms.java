package io.weighbridge.image.registry;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which token realms receive a registry's credentials. A registry that answers 401 with a Bearer
 * challenge names the token service ("realm") the client must ask; the credential for the
 * registry goes there only when the realm is
 * <ul>
 *   <li>on the registry's own host (any port): {@code quay.io}, {@code ghcr.io}, Harbor, the
 *       OpenShift registry all answer tokens themselves;
 *   <li>Docker Hub's own token service {@code auth.docker.io}, for Docker Hub;
 *   <li>or named for that registry in {@code weighbridge.registry.token-realms}, as
 *       {@code REGISTRY=REALM_HOST[:PORT]} ({@code registry.gitlab.com=gitlab.com}).
 * </ul>
 * Any other realm is asked for an anonymous token, as for a registry without credentials: a
 * public image is weighed all the same, and a private one fails with a message that says the
 * credential was withheld and how to allow it. (Docker, containerd and go-containerregistry send
 * credentials to any realm a registry names; a registry name in a Pod is a tenant's choice.)
 */
final class TokenRealms {
    static final String SETTING = "weighbridge.registry.token-realms";

    private record Named(String registry, String realmHost, int realmPort) {}

    private final List<Named> named;

    private TokenRealms(List<Named> named) {
        this.named = List.copyOf(named);
    }

    /** @throws IllegalArgumentException naming the setting and the entry that is not {@code REGISTRY=REALM_HOST[:PORT]} */
    static TokenRealms parse(List<String> entries) {
        List<Named> named = new ArrayList<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split("=", 2);
            Optional<URI> realm = parts.length == 2 ? hostAndPort(parts[1].trim()) : Optional.empty();
            if (parts[0].isBlank() || realm.isEmpty()) {
                throw new IllegalArgumentException(
                        SETTING + ": \"" + entry.trim() + "\" is not REGISTRY=REALM_HOST[:PORT]");
            }
            named.add(new Named(
                    RegistryHosts.canonical(parts[0].trim()),
                    host(realm.get()),
                    realm.get().getPort()));
        }
        return new TokenRealms(named);
    }

    /** Empty when {@code realm} may receive the credentials of {@code registry}; else why not, for the message. */
    Optional<String> refusal(String registry, URI realm) {
        String realmHost = host(realm);
        boolean sameHost = realmHost.equals(host(URI.create("//" + registry)))
                || realmHost.equals(host(URI.create("//" + RegistryHosts.apiHost(registry))));
        boolean dockerHub = RegistryHosts.canonical(registry).equals(RegistryHosts.DOCKER_HUB)
                && realmHost.equals(RegistryHosts.DOCKER_HUB_TOKEN_REALM);
        boolean isNamed = named.stream()
                .anyMatch(entry -> entry.registry().equals(RegistryHosts.canonical(registry))
                        && entry.realmHost().equals(realmHost)
                        && (entry.realmPort() == -1
                                ? realm.getPort() == -1 || realm.getPort() == defaultPort(realm)
                                : entry.realmPort() == RegistryRequest.port(realm)));
        return sameHost || dockerHub || isNamed
                ? Optional.empty()
                : Optional.of("not the registry's host; name it in " + SETTING);
    }

    private static Optional<URI> hostAndPort(String text) {
        try {
            URI uri = URI.create("//" + text);
            return uri.getHost() != null
                            && (uri.getPath() == null || uri.getPath().isEmpty())
                    ? Optional.of(uri)
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String host(URI uri) {
        return uri.getHost() == null
                ? ""
                : AddressCheck.withoutBrackets(uri.getHost()).toLowerCase(Locale.ROOT);
    }

    private static int defaultPort(URI uri) {
        return "http".equals(uri.getScheme()) ? 80 : 443;
    }
}
