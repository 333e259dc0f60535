package io.weighbridge.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.weighbridge.image.RegistriesConf.Mirror;
import io.weighbridge.image.RegistriesConf.PullFrom;
import io.weighbridge.image.RegistriesConf.Registry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads a containers-registries.conf (version 2, TOML) as nodes have it, with the checks
 * containers/image makes when it loads one. Every mistake is one line naming the file, the line
 * and the setting: {@code registries.conf:7: registry[0].mirror[1].pull-from-mirror: must be
 * all, digest-only or tag-only, not "sometimes"}. Settings that do not decide where an image is
 * pulled from are read and noted, not applied.
 */
final class RegistriesConfFile {
    private static final TomlMapper TOML = new TomlMapper();
    private static final Set<String> REGISTRY_KEYS =
            Set.of("prefix", "location", "insecure", "blocked", "mirror-by-digest-only", "mirror", "pull-from-mirror");
    private static final Set<String> MIRROR_KEYS = Set.of("location", "insecure", "pull-from-mirror");
    private static final Map<String, String> NOT_APPLIED = Map.of(
            "short-name-mode", "it decides how short names are resolved",
            "aliases", "it resolves short names",
            "credential-helpers",
                    "it says where credentials come from (Weighbridge reads pull secrets and weighbridge.registry.auth-file)",
            "additional-layer-store-auth-helper", "it passes credentials to a layer store");
    private static final Pattern TAG_OR_DIGEST = Pattern.compile("(:[^/]*|@.*)$");

    /** A table as read, with the line of its header. */
    private record Read(Registry registry, int line, boolean insecure) {}

    private final String fileName;
    private final TomlLines lines;
    private final List<String> notes = new ArrayList<>();

    private RegistriesConfFile(String text, String fileName) {
        this.fileName = fileName;
        this.lines = new TomlLines(text);
    }

    static RegistriesConf parse(String text, String fileName) {
        return new RegistriesConfFile(text, fileName).read(text);
    }

    private RegistriesConf read(String text) {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new IllegalArgumentException((line > 0 ? fileName + ":" + line : fileName) + ": not valid TOML ("
                    + OneLine.cap(e.getOriginalMessage(), 120) + ")");
        }
        List<Read> registries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> setting : root.properties()) {
            String key = setting.getKey();
            switch (key) {
                case "registry" -> registries.addAll(registries(setting.getValue()));
                case "unqualified-search-registries" ->
                    notes.add(at(lines.topLevel(key)) + key + " is not applied: Weighbridge "
                            + "reads a short name such as nginx as docker.io/library/nginx, as the reference grammar does, while a "
                            + "CRI-O node searches "
                            + OneLine.cap(setting.getValue().toString(), 120) + "; name images fully");
                case "registries" ->
                    throw new IllegalArgumentException(at(lines.topLevel(key)) + "the version 1 format "
                            + "([registries.search], [registries.insecure], [registries.block]) is not read; write [[registry]] "
                            + "tables (containers-registries.conf(5))");
                default -> {
                    if (!NOT_APPLIED.containsKey(key)) {
                        throw new IllegalArgumentException(at(lines.topLevel(key)) + key + ": unknown setting");
                    }
                    notes.add(at(lines.topLevel(key)) + key + " is not applied: " + NOT_APPLIED.get(key));
                }
            }
        }
        rejectConflicts(registries);
        return new RegistriesConf(onePerPrefix(registries), notes);
    }

    private List<Read> registries(JsonNode tables) {
        if (!tables.isArray()) {
            throw new IllegalArgumentException(
                    at(lines.topLevel("registry")) + "registry: must be [[registry]] tables");
        }
        List<Read> registries = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            registries.add(registry(tables.get(i), i));
        }
        return registries;
    }

    private Read registry(JsonNode table, int index) {
        String path = "registry[" + index + "]";
        int line = lines.registry(index);
        requireTable(table, line, path);
        rejectUnknown(table, REGISTRY_KEYS, index, -1, path);
        String location = location(table, index, -1, path);
        String prefix = string(table, "prefix", index, -1, path);
        if (prefix == null || prefix.isEmpty()) {
            if (location.isEmpty()) {
                throw new IllegalArgumentException(at(line) + path + ": sets neither prefix nor location");
            }
            prefix = location;
        } else {
            prefix = withoutScheme(trimSlashes(prefix), index, -1, path + ".prefix", "prefix");
            if (!prefix.startsWith("*.") && location.isEmpty()) {
                throw new IllegalArgumentException(at(lines.key(index, -1, "prefix")) + path
                        + ".location: missing; only a " + "*.example.com prefix may go without one");
            }
        }
        checkName(prefix, index, -1, path + ".prefix", "prefix");
        if (table.has("pull-from-mirror")) {
            throw new IllegalArgumentException(at(lines.key(index, -1, "pull-from-mirror")) + path
                    + ".pull-from-mirror: belongs " + "in a [[registry.mirror]], not in the registry " + prefix);
        }
        boolean mirrorByDigestOnly = bool(table, "mirror-by-digest-only", index, -1, path);
        List<Mirror> mirrors = mirrors(table.get("mirror"), index, mirrorByDigestOnly, path);
        noteInsecure(table, index, -1, location.isEmpty() ? prefix : location);
        Registry registry = new Registry(
                prefix, location, mirrors, bool(table, "blocked", index, -1, path), mirrorByDigestOnly, origin(line));
        return new Read(registry, line, bool(table, "insecure", index, -1, path));
    }

    private List<Mirror> mirrors(JsonNode tables, int registry, boolean mirrorByDigestOnly, String registryPath) {
        if (tables == null) {
            return List.of();
        }
        if (!tables.isArray()) {
            throw new IllegalArgumentException(at(lines.key(registry, -1, "mirror")) + registryPath
                    + ".mirror: must be " + "[[registry.mirror]] tables");
        }
        List<Mirror> mirrors = new ArrayList<>();
        for (int m = 0; m < tables.size(); m++) {
            JsonNode table = tables.get(m);
            String path = registryPath + ".mirror[" + m + "]";
            requireTable(table, lines.mirror(registry, m), path);
            rejectUnknown(table, MIRROR_KEYS, registry, m, path);
            String location = location(table, registry, m, path);
            if (location.isEmpty()) {
                throw new IllegalArgumentException(at(lines.mirror(registry, m)) + path + ".location: missing");
            }
            String pullFrom = string(table, "pull-from-mirror", registry, m, path);
            if (mirrorByDigestOnly && pullFrom != null && !pullFrom.isEmpty()) {
                throw new IllegalArgumentException(at(lines.key(registry, m, "pull-from-mirror")) + path
                        + ".pull-from-mirror: " + "cannot be set while the registry sets mirror-by-digest-only");
            }
            noteInsecure(table, registry, m, location);
            mirrors.add(new Mirror(location, pullFrom(pullFrom, registry, m, path)));
        }
        return mirrors;
    }

    private PullFrom pullFrom(String value, int registry, int mirror, String path) {
        return switch (value == null ? "" : value) {
            case "", "all" -> PullFrom.ALL;
            case "digest-only" -> PullFrom.DIGEST_ONLY;
            case "tag-only" -> PullFrom.TAG_ONLY;
            default ->
                throw new IllegalArgumentException(at(lines.key(registry, mirror, "pull-from-mirror")) + path
                        + ".pull-from-mirror: must be all, digest-only or tag-only, not \"" + OneLine.cap(value, 40)
                        + "\"");
        };
    }

    /** {@code location}, trimmed of trailing '/', checked; empty when unset. */
    private String location(JsonNode table, int registry, int mirror, String path) {
        String location = string(table, "location", registry, mirror, path);
        if (location == null || location.isEmpty()) {
            return "";
        }
        String trimmed = withoutScheme(trimSlashes(location), registry, mirror, path + ".location", "location");
        checkName(trimmed, registry, mirror, path + ".location", "location");
        return trimmed;
    }

    /**
     * A prefix or location: {@code *.host}, or {@code host[:port][/path]} with an optional tag or
     * digest at the end, each part by the reference grammar. Not normalised: {@code docker.io/alpine}
     * means what it says, not {@code docker.io/library/alpine}.
     */
    private void checkName(String name, int registry, int mirror, String path, String key) {
        Optional<ReferenceGrammar.Flaw> flaw;
        if (name.startsWith("*.")) {
            String domain = name.substring(2);
            flaw = domain.matches("[^/:@]+")
                    ? ReferenceGrammar.registryFlaw(domain)
                    : Optional.of(new ReferenceGrammar.Flaw(
                            InvalidImageReferenceException.Problem.HOST,
                            "a wildcard prefix is a *.domain alone, without port or path"));
        } else {
            int slash = name.indexOf('/');
            flaw = ReferenceGrammar.registryFlaw(slash < 0 ? name : name.substring(0, slash));
            if (flaw.isEmpty() && slash >= 0) {
                String repository =
                        TAG_OR_DIGEST.matcher(name.substring(slash + 1)).replaceFirst("");
                flaw = ReferenceGrammar.pathFlaw(repository, repository);
            }
        }
        flaw.ifPresent(broken -> {
            throw new IllegalArgumentException(at(lines.key(registry, mirror, key)) + path + ": \""
                    + OneLine.cap(name, 120) + "\" is not a registry[/repository]: " + broken.reason());
        });
    }

    private String withoutScheme(String value, int registry, int mirror, String path, String key) {
        if (value.startsWith("http://") || value.startsWith("https://")) {
            throw new IllegalArgumentException(at(lines.key(registry, mirror, key)) + path + ": \""
                    + OneLine.cap(value, 120) + "\": URI schemes are not supported");
        }
        return value;
    }

    private void noteInsecure(JsonNode table, int registry, int mirror, String location) {
        if (table.path("insecure").asBoolean(false)) {
            notes.add(at(lines.key(registry, mirror, "insecure")) + "insecure = true for " + location
                    + " is not applied: "
                    + "Weighbridge always verifies TLS; list the host in weighbridge.registry.plain-http if it serves plain "
                    + "HTTP, or give its CA in weighbridge.registry.ca-file");
        }
    }

    /** Like containers/image: one location may not be both blocked and not, insecure and not. */
    private void rejectConflicts(List<Read> registries) {
        Map<String, Read> byLocation = new LinkedHashMap<>();
        for (Read read : registries) {
            Registry registry = read.registry();
            String key = registry.location().isEmpty() ? registry.prefix() : registry.location();
            Read other = byLocation.putIfAbsent(key, read);
            if (other != null
                    && (other.registry().blocked() != registry.blocked() || other.insecure() != read.insecure())) {
                String setting = other.registry().blocked() != registry.blocked() ? "blocked" : "insecure";
                throw new IllegalArgumentException(
                        at(read.line()) + "registry " + key + " is defined again with another " + setting
                                + " setting than at " + other.registry().origin());
            }
        }
    }

    /** Like containers/image: the first table of each prefix counts, later ones are dropped; sorted by prefix. */
    private List<Registry> onePerPrefix(List<Read> registries) {
        Set<String> seen = new HashSet<>();
        List<Registry> kept = new ArrayList<>();
        for (Read read : registries) {
            if (seen.add(read.registry().prefix())) {
                kept.add(read.registry());
            } else {
                notes.add(at(read.line()) + "prefix " + read.registry().prefix()
                        + " is already set by an earlier [[registry]]: " + "this one is not applied, as on the nodes");
            }
        }
        kept.sort(Comparator.comparing(Registry::prefix));
        return kept;
    }

    private void requireTable(JsonNode node, int line, String path) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(at(line) + path + ": must be a table");
        }
    }

    private void rejectUnknown(JsonNode table, Set<String> known, int registry, int mirror, String path) {
        for (String key : (Iterable<String>) () -> table.fieldNames()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(
                        at(lines.key(registry, mirror, key)) + path + "." + OneLine.cap(key, 60) + ": unknown setting");
            }
        }
    }

    private String string(JsonNode table, String key, int registry, int mirror, String path) {
        JsonNode value = typed(table, key, registry, mirror, path, JsonNode::isTextual, "a string");
        return value == null ? null : value.asText().strip();
    }

    private boolean bool(JsonNode table, String key, int registry, int mirror, String path) {
        JsonNode value = typed(table, key, registry, mirror, path, JsonNode::isBoolean, "true or false");
        return value != null && value.booleanValue();
    }

    /** The value of {@code key}, null when unset; one of another type is refused, naming what it must be. */
    private JsonNode typed(
            JsonNode table,
            String key,
            int registry,
            int mirror,
            String path,
            Predicate<JsonNode> wanted,
            String expected) {
        JsonNode value = table.get(key);
        if (value != null && !wanted.test(value)) {
            throw new IllegalArgumentException(
                    at(lines.key(registry, mirror, key)) + path + "." + key + ": must be " + expected);
        }
        return value;
    }

    private static String trimSlashes(String value) {
        return value.replaceAll("/+$", "");
    }

    /** {@code registries.conf:12: }, or {@code registries.conf: } when the line is not known. */
    private String at(int line) {
        return fileName + (line > 0 ? ":" + line : "") + ": ";
    }

    private String origin(int line) {
        return fileName + (line > 0 ? " line " + line : "");
    }
}
