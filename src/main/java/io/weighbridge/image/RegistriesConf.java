package io.weighbridge.image;

import io.weighbridge.image.MirrorRules.Candidate.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A containers-registries.conf (version 2) as CRI-O and Podman apply it when they pull an image
 * (containers/image {@code sysregistriesv2}, {@code docker/docker_image_src.go}):
 * <ul>
 *   <li>the {@code [[registry]]} whose {@code prefix} is the longest match of the image's name
 *       applies ({@code quay.io/acme} matches {@code quay.io/acme/app}, not {@code quay.io/acmecorp};
 *       {@code *.example.com} matches any subdomain);</li>
 *   <li>its mirrors are tried in order, those that apply to the reference: {@code pull-from-mirror}
 *       {@code digest-only} / {@code tag-only}, or {@code mirror-by-digest-only} for all of them;</li>
 *   <li>then its {@code location}: the image with the prefix replaced by it (a rewrite), or the image
 *       itself;</li>
 *   <li>each of those is itself looked up, and one whose own {@code [[registry]]} is
 *       {@code blocked} is not contacted (this is how OpenShift writes NeverContactSource).</li>
 * </ul>
 *
 * @param registries the tables, one per prefix (the first one of the file wins), sorted by prefix
 */
record RegistriesConf(List<Registry> registries, List<String> notes) implements MirrorRules {

    enum PullFrom {
        ALL,
        DIGEST_ONLY,
        TAG_ONLY
    }

    /** A {@code [[registry.mirror]]}: where, and for which references. */
    record Mirror(String location, PullFrom pullFrom) {}

    /**
     * One {@code [[registry]]}, defaults applied: {@code location} is empty only for a
     * {@code *.} prefix, which rewrites nothing. {@code origin} names it in messages
     * ({@code registries.conf line 12}).
     */
    record Registry(
            String prefix,
            String location,
            List<Mirror> mirrors,
            boolean blocked,
            boolean mirrorByDigestOnly,
            String origin) {
        Registry {
            mirrors = List.copyOf(mirrors);
        }
    }

    RegistriesConf {
        registries = List.copyOf(registries);
        notes = List.copyOf(notes);
    }

    @Override
    public List<Candidate> candidates(ImageReference reference) {
        Optional<Registry> found = find(reference.name());
        if (found.isEmpty()) {
            return List.of(Candidate.source(reference));
        }
        Registry registry = found.get();
        List<Candidate> candidates = new ArrayList<>();
        for (Mirror mirror : registry.mirrors()) {
            if (applies(mirror, registry, reference)) {
                candidates.add(endpoint(Role.MIRROR, mirror.location(), registry, reference));
            }
        }
        candidates.add(endpoint(Role.LOCATION, registry.location(), registry, reference));
        return List.copyOf(candidates);
    }

    private static boolean applies(Mirror mirror, Registry registry, ImageReference reference) {
        if (registry.mirrorByDigestOnly()) {
            return reference.pinnedByDigest();
        }
        return switch (mirror.pullFrom()) {
            case ALL -> true;
            case DIGEST_ONLY -> reference.pinnedByDigest();
            case TAG_ONLY -> !reference.pinnedByDigest();
        };
    }

    /** {@code reference} with the registry's prefix replaced by {@code location}, refused when that place is blocked. */
    private Candidate endpoint(Role role, String location, Registry registry, ImageReference reference) {
        String full = reference.toString();
        String moved = location.isEmpty() ? full : location + full.substring(matchLength(full, registry.prefix()));
        ImageReference physical;
        try {
            physical = ImageReference.parse(moved);
        } catch (InvalidImageReferenceException e) {
            return new Candidate(
                    reference,
                    role,
                    registry.origin() + " moves it to "
                            + e.getMessage().replaceFirst("^invalid image ", "an invalid "));
        }
        Candidate candidate = new Candidate(physical, physical.equals(reference) ? Role.SOURCE : role, null);
        Optional<Registry> own = find(physical.name());
        if (own.isPresent() && own.get().blocked()) {
            return candidate.refused("blocked by " + own.get().origin() + " (prefix "
                    + own.get().prefix() + "): nodes will not pull it either");
        }
        return candidate;
    }

    /** The table whose prefix is the longest match of {@code name}; the first of equally long ones. */
    private Optional<Registry> find(String name) {
        Registry best = null;
        for (Registry registry : registries) {
            if (matchLength(name, registry.prefix()) >= 0
                    && (best == null
                            || registry.prefix().length() > best.prefix().length())) {
                best = registry;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * How much of {@code reference} the prefix matches, or -1: the whole prefix followed by the
     * end, ':', '/' or '@'; a {@code *.example.com} prefix matches a host ending in it.
     */
    static int matchLength(String reference, String prefix) {
        if (prefix.startsWith("*.")) {
            String domain = prefix.substring(1);
            int index = reference.indexOf(domain);
            if (index < 0 || reference.substring(0, index).contains("/")) {
                return -1;
            }
            return boundary(reference, index + domain.length());
        }
        return reference.startsWith(prefix) ? boundary(reference, prefix.length()) : -1;
    }

    private static int boundary(String reference, int end) {
        if (end == reference.length()) {
            return end;
        }
        char next = reference.charAt(end);
        return next == ':' || next == '/' || next == '@' ? end : -1;
    }
}
