package io.weighbridge.image;

import io.weighbridge.image.registry.RegistryHosts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Mirror rules as OpenShift's ImageDigestMirrorSet / ImageTagMirrorSet and Weighbridge's own
 * {@code RegistryMirrors} give them: a source scope ({@code registry} or
 * {@code registry/namespace[/repo]}) maps to mirrors tried in order, then the source itself unless
 * a rule says {@code NeverContactSource}.
 *
 * <p>Semantics: only the most specific source scope that contains the image applies; rules for it
 * that apply to the reference's kind (digest rules to references pinned by digest, tag rules to
 * references by tag) are merged in file order; one {@code NeverContactSource} among them keeps the
 * source out. The file format is in {@code docs/mirrors.md}.
 */
final class MirrorSets implements MirrorRules {
    enum AppliesTo {
        DIGESTS,
        TAGS,
        ALL
    }

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
        static Scope parse(String text, String where) {
            String trimmed = text == null ? "" : text.trim();
            int slash = trimmed.indexOf('/');
            String host = (slash < 0 ? trimmed : trimmed.substring(0, slash)).toLowerCase(Locale.ROOT);
            String path = slash < 0 ? "" : trimmed.substring(slash + 1);
            String refusal = "'" + OneLine.cap(trimmed, 120) + "' is not a registry[/repository]";
            if (trimmed.contains("*")) {
                throw new IllegalArgumentException(where + ": " + refusal + " (wildcards are not supported)");
            }
            Optional<ReferenceGrammar.Flaw> flaw = ReferenceGrammar.registryFlaw(host);
            if (flaw.isEmpty() && !path.isEmpty()) {
                flaw = ReferenceGrammar.pathFlaw(path, path);
            }
            if (flaw.isPresent()) {
                throw new IllegalArgumentException(
                        where + ": " + refusal + ": " + flaw.get().reason());
            }
            String registry = RegistryHosts.canonical(host);
            // docker.io/nginx is docker.io/library/nginx; docker.io/library is the namespace itself.
            boolean hubOfficial = registry.equals(ImageReference.DOCKER_HUB)
                    && !path.isEmpty()
                    && !path.contains("/")
                    && !path.equals("library");
            return new Scope(registry, hubOfficial ? "library/" + path : path);
        }

        boolean contains(ImageReference reference) {
            if (!registry.equals(RegistryHosts.canonical(reference.registry()))) {
                return false;
            }
            return path.isEmpty()
                    || reference.repository().equals(path)
                    || reference.repository().startsWith(path + "/");
        }

        int specificity() {
            return path.isEmpty() ? 0 : path.split("/").length;
        }

        /** {@code reference} moved from {@code source} to this scope, with its tag and digest. */
        ImageReference rewrite(Scope source, ImageReference reference) {
            String rest = source.path.isEmpty()
                    ? reference.repository()
                    : reference.repository().substring(source.path.length());
            rest = rest.startsWith("/") ? rest.substring(1) : rest;
            String repository = path.isEmpty() ? rest : rest.isEmpty() ? path : path + "/" + rest;
            return new ImageReference(registry, repository, reference.tag(), reference.digest());
        }

        @Override
        public String toString() {
            return path.isEmpty() ? registry : registry + "/" + path;
        }
    }

    private final List<Rule> rules;

    MirrorSets(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    List<Rule> rules() {
        return rules;
    }

    @Override
    public List<Candidate> candidates(ImageReference reference) {
        int best = -1;
        for (Rule rule : rules) {
            if (rule.appliesTo(reference) && rule.source().contains(reference)) {
                best = Math.max(best, rule.source().specificity());
            }
        }
        if (best < 0) {
            return List.of(Candidate.source(reference));
        }
        Set<ImageReference> mirrors = new LinkedHashSet<>();
        boolean neverContactSource = false;
        for (Rule rule : rules) {
            if (rule.appliesTo(reference)
                    && rule.source().contains(reference)
                    && rule.source().specificity() == best) {
                rule.mirrors().forEach(mirror -> mirrors.add(mirror.rewrite(rule.source(), reference)));
                neverContactSource |= rule.neverContactSource();
            }
        }
        mirrors.remove(reference);
        List<Candidate> candidates = new ArrayList<>();
        mirrors.forEach(mirror -> candidates.add(Candidate.mirror(mirror)));
        // A rule without mirrors that forbids the source would make the image unreachable; the
        // runtime treats such a rule as invalid, so the source stays.
        candidates.add(
                neverContactSource && !candidates.isEmpty()
                        ? Candidate.source(reference).refused("not contacted (NeverContactSource)")
                        : Candidate.source(reference));
        return List.copyOf(candidates);
    }

    /** Reads YAML mirror documents; fails with a message naming the file, document and field. */
    static MirrorSets parse(String yaml, String fileName) {
        return new MirrorSets(MirrorRulesFile.parse(yaml, fileName));
    }
}
