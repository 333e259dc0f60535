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
 * Credentials from a docker {@code config.json} ({@code {"auths": {…}}}, also the
 * {@code .dockerconfigjson} of a {@code kubernetes.io/dockerconfigjson} Secret) or from the legacy
 * {@code .dockercfg} (the same map without {@code auths}). Keys are matched as the kubelet matches
 * them: the scheme is ignored; the port must be equal; the host must have as many dot-separated
 * parts as the key, each matching the key's part, where {@code *} stands for any part
 * ({@code *.example.com}); Docker Hub answers to all its names ({@code https://index.docker.io/v1/}
 * serves {@code docker.io}); a path in the key ({@code quay.io/org}) is a repository prefix. Of
 * several matching keys the one with the longest prefix wins, then an exact host over a wildcard.
 *
 * <p>One deliberate difference from the kubelet: a path prefix matches whole segments only
 * ({@code quay.io/org} serves {@code org/app}, not {@code organic/app}); the kubelet compares
 * strings. This only ever withholds a credential within the same registry.
 */
final class DockerConfigCredentials implements CredentialSource {
    static final String AUTH_FILE_ORIGIN = "auth-file";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two layouts a Secret can carry. */
    enum Format {
        /** {@code {"auths": {"host": {…}}}}: {@code config.json}, {@code kubernetes.io/dockerconfigjson}. */
        CONFIG_JSON,
        /** {@code {"host": {…}}}: the legacy {@code ~/.dockercfg}, {@code kubernetes.io/dockercfg}. */
        DOCKERCFG
    }

    private record Entry(RegistryPattern registry, String repositoryPrefix, Credential credential) {
        boolean serves(String registryName, String repository) {
            return registry.matches(registryName)
                    && (repositoryPrefix.isEmpty()
                            || repository.equals(repositoryPrefix)
                            || repository.startsWith(repositoryPrefix + "/"));
        }
    }

    private static final Comparator<Entry> MOST_SPECIFIC_FIRST = Comparator.comparingInt(
                    (Entry e) -> e.repositoryPrefix().length())
            .reversed()
            .thenComparing(e -> e.registry().hasWildcard());

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

    /** A {@code config.json} read as the static auth file. */
    static DockerConfigCredentials parse(byte[] json, String sourceName) {
        return parse(json, Format.CONFIG_JSON, AUTH_FILE_ORIGIN, "registry auth file " + sourceName);
    }

    /**
     * @param origin where the credentials come from, the prefix of each credential's identity
     *     ({@code auth-file}, {@code pull-secret:team-a/regcred@4711}); never secret
     * @param description how error messages name the source
     * @throws IllegalStateException when the bytes are not JSON; the message never quotes them
     */
    static DockerConfigCredentials parse(byte[] json, Format format, String origin, String description) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            // The parser message may quote the content, which holds secrets: leave it out.
            throw new IllegalStateException(description + " is not valid JSON");
        }
        JsonNode auths = root == null ? JSON.missingNode() : format == Format.CONFIG_JSON ? root.path("auths") : root;
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            userAndPassword(field.getValue())
                    .flatMap(pair -> entry(field.getKey(), pair, origin))
                    .ifPresent(entries::add);
        }
        return new DockerConfigCredentials(entries);
    }

    @Override
    public Optional<Credential> find(String registry, String repository, WeighingContext context) {
        return entries.stream()
                .filter(e -> e.serves(registry, repository))
                .min(MOST_SPECIFIC_FIRST)
                .map(Entry::credential);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** What these credentials occupy on the heap, for the cache of pull secrets. */
    long heapBytes() {
        long bytes = HeapBytes.SMALL_OBJECT + 16 + 4L * entries.size();
        for (Entry entry : entries) {
            Credential credential = entry.credential();
            bytes += 3 * HeapBytes.SMALL_OBJECT
                    + HeapBytes.text(entry.registry().host())
                    + HeapBytes.text(entry.registry().port())
                    + HeapBytes.text(entry.repositoryPrefix())
                    + HeapBytes.text(credential.identity())
                    + HeapBytes.text(credential.username())
                    + HeapBytes.text(credential.password());
        }
        return bytes;
    }

    private static Optional<Entry> entry(String key, String[] userAndPassword, String origin) {
        String withoutScheme = key.trim().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = withoutScheme.indexOf('/');
        String host = slash < 0 ? withoutScheme : withoutScheme.substring(0, slash);
        String path = slash < 0 ? "" : withoutScheme.substring(slash + 1).replaceAll("/+$", "");
        Optional<RegistryPattern> pattern = RegistryPattern.parse(host);
        if (pattern.isEmpty()) {
            return Optional.empty();
        }
        // Docker Hub's legacy key carries the API version, not a repository.
        if (pattern.get().isDockerHub() && path.matches("v[12]")) {
            path = "";
        }
        String identity = origin + ":" + pattern.get() + (path.isEmpty() ? "" : "/" + path);
        return Optional.of(
                new Entry(pattern.get(), path, new Credential(identity, userAndPassword[0], userAndPassword[1])));
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
            return colon <= 0
                    ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        }
        String username = node.path("username").asText("");
        String password = node.path("password").asText("");
        return username.isEmpty() ? Optional.empty() : Optional.of(new String[] {username, password});
    }
}
