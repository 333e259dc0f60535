package io.weighbridge.image;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where images are pulled from instead of their own registry, as OpenShift's
 * ImageDigestMirrorSet / ImageTagMirrorSet and {@code registries.conf} say: a source scope
 * ({@code registry} or {@code registry/namespace[/repo]}) maps to mirrors tried in order, then
 * the source itself unless a rule says {@code NeverContactSource}.
 *
 * <p>Semantics (as the container runtime applies them): only the most specific source scope that
 * contains the image applies; rules for it that apply to the reference's kind (digest rules to
 * references pinned by digest, tag rules to references by tag) are merged in file order; one
 * {@code NeverContactSource} among them keeps the source out. The file format is in
 * {@code docs/mirrors.md}.
 */
final class MirrorRules {
    static final MirrorRules NONE = new MirrorRules(List.of());

    enum AppliesTo { DIGESTS, TAGS, ALL }

    /** One source scope and its mirrors. */
    record Rule(Scope source, List<Scope> mirrors, AppliesTo appliesTo, boolean neverContactSource) {
        Rule {
            mirrors = List.copyOf(mirrors);
        }

        boolean appliesTo(ImageReference reference) {
            return switch (appliesTo) {
                case ALL -> true;
                case DIGESTS -> reference.pinnedByDigest();
                case TAGS -> !reference.pinnedByDigest();
            };
        }
    }

    /** A registry host[:port] and an optional repository path prefix. */
    record Scope(String registry, String path) {
        private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");
        private static final Pattern PATH = Pattern.compile("[a-z0-9]+([._/-][a-z0-9]+)*");

        static Scope parse(String text, String where) {
            String trimmed = text == null ? "" : text.trim();
            int slash = trimmed.indexOf('/');
            String host = (slash < 0 ? trimmed : trimmed.substring(0, slash)).toLowerCase(Locale.ROOT);
            String path = slash < 0 ? "" : trimmed.substring(slash + 1);
            if (!HOST.matcher(host).matches() || !path.isEmpty() && !PATH.matcher(path).matches()) {
                throw new IllegalArgumentException(where + ": '" + OneLine.cap(trimmed, 120)
                        + "' is not a registry[/repository] (wildcards are not supported)");
            }
            String registry = RegistryHosts.canonical(host);
            if (registry.equals(ImageReference.DOCKER_HUB) && !path.isEmpty() && !path.contains("/")) {
                path = "library/" + path;
            }
            return new Scope(registry, path);
        }

        boolean contains(ImageReference reference) {
            if (!registry.equals(RegistryHosts.canonical(reference.registry()))) {
                return false;
            }
            return path.isEmpty() || reference.repository().equals(path) || reference.repository().startsWith(path + "/");
        }

        int specificity() {
            return path.isEmpty() ? 0 : path.split("/").length;
        }

        /** {@code reference} moved from {@code source} to this scope, with its tag and digest. */
        ImageReference rewrite(Scope source, ImageReference reference) {
            String rest = source.path.isEmpty() ? reference.repository() : reference.repository().substring(source.path.length());
            rest = rest.startsWith("/") ? rest.substring(1) : rest;
            String repository = path.isEmpty() ? rest : rest.isEmpty() ? path : path + "/" + rest;
            return new ImageReference(registry, repository, reference.tag(), reference.digest());
        }

        @Override
        public String toString() {
            return path.isEmpty() ? registry : registry + "/" + path;
        }
    }

    /** Where to look for one image, in order; {@code mirror} is false only for the source itself. */
    record Candidate(ImageReference reference, boolean mirror) {}

    private final List<Rule> rules;

    MirrorRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    List<Rule> rules() {
        return rules;
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The references to try for {@code reference}, in order; just the reference itself when no rule applies. */
    List<Candidate> candidates(ImageReference reference) {
        int best = -1;
        for (Rule rule : rules) {
            if (rule.appliesTo(reference) && rule.source().contains(reference)) {
                best = Math.max(best, rule.source().specificity());
            }
        }
        if (best < 0) {
            return List.of(new Candidate(reference, false));
        }
        Set<ImageReference> mirrors = new LinkedHashSet<>();
        boolean neverContactSource = false;
        for (Rule rule : rules) {
            if (rule.appliesTo(reference) && rule.source().contains(reference) && rule.source().specificity() == best) {
                rule.mirrors().forEach(mirror -> mirrors.add(mirror.rewrite(rule.source(), reference)));
                neverContactSource |= rule.neverContactSource();
            }
        }
        mirrors.remove(reference);
        List<Candidate> candidates = new ArrayList<>();
        mirrors.forEach(mirror -> candidates.add(new Candidate(mirror, true)));
        if (!neverContactSource || candidates.isEmpty()) {
            // A rule without mirrors that forbids the source would make the image unreachable; the
            // runtime treats such a rule as invalid, so the source stays.
            candidates.add(new Candidate(reference, false));
        }
        return List.copyOf(candidates);
    }

    static MirrorRules fromConfig(RegistryConfig config) {
        return config.mirrorsFile().map(MirrorRules::load).orElse(NONE);
    }

    /** Reads a mirrors file; fails with a message naming the file, document and field. */
    static MirrorRules load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read weighbridge.registry.mirrors-file " + file + ": " + e.getMessage());
        }
    }

    static MirrorRules parse(String yaml, String fileName) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        List<Rule> rules = new ArrayList<>();
        try (JsonParser parser = mapper.getFactory().createParser(yaml);
                MappingIterator<JsonNode> documents = mapper.readValues(parser, JsonNode.class)) {
            int index = 0;
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                index++;
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                String where = fileName + " document " + index;
                rules.addAll(readDocument(document, where));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException(fileName + ": not valid YAML (" + OneLine.cap(e.getMessage(), 160) + ")");
        }
        return new MirrorRules(rules);
    }

    private static List<Rule> readDocument(JsonNode document, String where) {
        String kind = document.path("kind").asText("");
        return switch (kind) {
            case "RegistryMirrors" -> readList(document.path("spec"), "mirrors", AppliesTo.DIGESTS, true, where);
            // OpenShift's config.openshift.io/v1 objects, as `oc get … -o yaml` prints them.
            case "ImageDigestMirrorSet" -> readList(document.path("spec"), "imageDigestMirrors", AppliesTo.DIGESTS, false, where);
            case "ImageTagMirrorSet" -> readList(document.path("spec"), "imageTagMirrors", AppliesTo.TAGS, false, where);
            default -> throw new IllegalArgumentException(where + ": kind must be RegistryMirrors, ImageDigestMirrorSet or "
                    + "ImageTagMirrorSet, not '" + OneLine.cap(kind, 60) + "'");
        };
    }

    private static List<Rule> readList(JsonNode spec, String field, AppliesTo fixed, boolean ownFormat, String where) {
        JsonNode list = spec.path(field);
        if (!list.isArray()) {
            throw new IllegalArgumentException(where + ": spec." + field + " must be a list");
        }
        Set<String> known = ownFormat ? Set.of("source", "mirrors", "pullFrom", "mirrorSourcePolicy")
                : Set.of("source", "mirrors", "mirrorSourcePolicy");
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String at = where + ": spec." + field + "[" + i + "]";
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw new IllegalArgumentException(at + "." + OneLine.cap(name, 60) + ": unknown field");
                }
            }
            Scope source = Scope.parse(entry.path("source").asText(null), at + ".source");
            List<Scope> mirrors = new ArrayList<>();
            JsonNode mirrorList = entry.path("mirrors");
            if (!mirrorList.isMissingNode() && !mirrorList.isArray()) {
                throw new IllegalArgumentException(at + ".mirrors: must be a list");
            }
            for (int m = 0; m < mirrorList.size(); m++) {
                mirrors.add(Scope.parse(mirrorList.get(m).asText(null), at + ".mirrors[" + m + "]"));
            }
            String policy = entry.path("mirrorSourcePolicy").asText("AllowContactSource");
            if (!policy.equals("AllowContactSource") && !policy.equals("NeverContactSource")) {
                throw new IllegalArgumentException(at + ".mirrorSourcePolicy: must be AllowContactSource or NeverContactSource");
            }
            boolean never = policy.equals("NeverContactSource");
            if (never && mirrors.isEmpty()) {
                throw new IllegalArgumentException(at + ": NeverContactSource needs at least one mirror");
            }
            AppliesTo appliesTo = fixed;
            if (ownFormat && entry.has("pullFrom")) {
                appliesTo = switch (entry.path("pullFrom").asText("")) {
                    case "digests" -> AppliesTo.DIGESTS;
                    case "tags" -> AppliesTo.TAGS;
                    case "all" -> AppliesTo.ALL;
                    default -> throw new IllegalArgumentException(at + ".pullFrom: must be digests, tags or all");
                };
            }
            rules.add(new Rule(source, mirrors, appliesTo, never));
        }
        return rules;
    }
}
