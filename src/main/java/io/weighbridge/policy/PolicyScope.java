package io.weighbridge.policy;

import io.weighbridge.image.ImageReference;

/** Which objects and images a policy judges. */
final class PolicyScope {
    private PolicyScope() {}

    /**
     * Whether the policy applies to an object. A {@code null} namespace (a dry run outside any
     * namespace) skips the namespace match, a {@code null} kind the kind match.
     */
    static boolean appliesTo(Policy policy, String namespace, String kind) {
        Match match = policy.match();
        if (namespace != null) {
            boolean included = match.namespaces().isEmpty()
                    || match.namespaces().stream().anyMatch(glob -> Glob.matches(glob, namespace));
            boolean excluded = match.excludeNamespaces().stream().anyMatch(glob -> Glob.matches(glob, namespace));
            if (!included || excluded) {
                return false;
            }
        }
        return kind == null || match.kinds().isEmpty() || match.kinds().stream().anyMatch(kind::equalsIgnoreCase);
    }

    /**
     * Whether the policy leaves the image alone. Globs are tried against the whole normalised
     * reference ({@code docker.io/library/nginx:1.27}) and against its name without tag or digest
     * ({@code docker.io/library/nginx}), so a pattern without a tag covers every tag.
     */
    static boolean excludes(Policy policy, ImageReference image) {
        String full = image.toString();
        String name = image.name();
        return policy.excludeImages().stream().anyMatch(glob -> Glob.matches(glob, full) || Glob.matches(glob, name));
    }
}
