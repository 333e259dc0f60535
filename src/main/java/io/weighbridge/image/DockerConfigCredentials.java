package io.weighbridge.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a docker {@code config.json} ({@code auths}). Keys may be URLs
 * ({@code https://index.docker.io/v1/}), hosts ({@code 127.0.0.1:5000}) or, as podman allows,
 * host and repository prefix ({@code quay.io/org}); the most specific key wins.
 */
final class DockerConfigCredentials implements CredentialSource {

    private record Entry(String registry, String repositoryPrefix, Credential credential) {
        boolean serves(String canonicalRegistry, String repository) {
            return registry.equals(canonicalRegistry)
                    && (repositoryPrefix.isEmpty()
                            || repository.equals(repositoryPrefix)
                            || repository.startsWith(repositoryPrefix + "/"));
        }
    }

    private final List<Entry> entries;

    private DockerConfigCredentials(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static DockerConfigCredentials load(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read registry auth file " + file + ": " + e.getMessage());
        }
    }

    static DockerConfigCredentials parse(byte[] json, String sourceName) {
        JsonNode auths;
        try {
            auths = new ObjectMapper().readTree(json).path("auths");
        } catch (IOException e) {
            // The parser message may quote file content, which holds secrets: leave it out.
            throw new IllegalStateException("registry auth file " + sourceName + " is not valid JSON");
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            userAndPassword(field.getValue()).ifPresent(pair -> entries.add(entry(field.getKey(), pair)));
        }
        return new DockerConfigCredentials(entries);
    }

    @Override
    public Optional<Credential> find(String registry, String repository, WeighingContext context) {
        String canonical = RegistryHosts.canonical(registry);
        return entries.stream()
                .filter(e -> e.serves(canonical, repository))
                .max(Comparator.comparingInt(e -> e.repositoryPrefix().length()))
                .map(Entry::credential);
    }

    private static Entry entry(String key, String[] userAndPassword) {
        String withoutScheme = key.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = withoutScheme.indexOf('/');
        String host = slash < 0 ? withoutScheme : withoutScheme.substring(0, slash);
        String path = slash < 0 ? "" : withoutScheme.substring(slash + 1).replaceAll("/+$", "");
        String registry = RegistryHosts.canonical(host);
        // Docker Hub's legacy key carries the API version, not a repository.
        if (registry.equals(ImageReference.DOCKER_HUB) && path.matches("v[12]")) {
            path = "";
        }
        String identity = "auth-file:" + registry + (path.isEmpty() ? "" : "/" + path);
        return new Entry(registry, path, new Credential(identity, userAndPassword[0], userAndPassword[1]));
    }

    private static Optional<String[]> userAndPassword(JsonNode node) {
        String auth = node.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            return colon < 0
                    ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        }
        String username = node.path("username").asText("");
        String password = node.path("password").asText("");
        return username.isEmpty() ? Optional.empty() : Optional.of(new String[] {username, password});
    }
}
