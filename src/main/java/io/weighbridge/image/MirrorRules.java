package io.weighbridge.image;

import io.weighbridge.image.registry.RegistryHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
            // docker.io/nginx is docker.io/library/nginx; docker.io/library is the namespace itself.
            if (registry.equals(ImageReference.DOCKER_HUB) && !path.isEmpty() && !path.contains("/") && !path.equals("library")) {
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
        return new MirrorRules(MirrorRulesFile.parse(yaml, fileName));
    }
}
