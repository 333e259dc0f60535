package io.weighbridge.policy;

import io.weighbridge.image.ImageReference;
import java.util.Optional;

/** Which objects and images a policy judges. */
final class PolicyScope {
    private PolicyScope() {}

    /**
     * Whether the policy applies to an object. A {@code null} namespace (a dry run outside any
     * namespace) is judged by the cluster-wide policies only — those that name no namespaces or
     * {@code "*"} — since a policy written for {@code ml-*} says nothing about an image nobody
     * placed yet. A {@code null} kind skips the kind match. A namespaced policy applies in its own
     * namespace only.
     */
    static boolean appliesTo(Policy policy, String namespace, String kind) {
        Match match = policy.match();
        if (policy.namespaced()) {
            if (!policy.namespace().equals(namespace)) {
                return false;
            }
        } else if (namespace == null) {
            if (!appliesToEveryNamespace(match)) {
                return false;
            }
        } else {
            boolean included = match.namespaces().isEmpty()
                    || match.namespaces().stream().anyMatch(glob -> Glob.matches(glob, namespace));
            boolean excluded = match.excludeNamespaces().stream().anyMatch(glob -> Glob.matches(glob, namespace));
            if (!included || excluded) {
                return false;
            }
        }
        return kind == null || match.kinds().isEmpty() || match.kinds().stream().anyMatch(kind::equalsIgnoreCase);
    }

    private static boolean appliesToEveryNamespace(Match match) {
        return match.namespaces().isEmpty() || match.namespaces().contains("*");
    }

    /**
     * Whether the policy leaves the image alone. Globs are tried against the whole normalised
     * reference ({@code docker.io/library/nginx:1.27}) and against its name without tag or digest
     * ({@code docker.io/library/nginx}), so a pattern without a tag covers every tag.
     */
    static boolean excludes(Policy policy, ImageReference image) {
        return exclusion(policy, image).isPresent();
    }

    /** The first {@code excludeImages} glob of the policy that matches the image, if any. */
    static Optional<String> exclusion(Policy policy, ImageReference image) {
        String full = image.toString();
        String name = image.name();
        return policy.excludeImages().stream()
                .filter(glob -> Glob.matches(glob, full) || Glob.matches(glob, name))
                .findFirst();
    }

    /** Why no policy of {@code policies} applies to an object of this namespace and kind, in words. */
    static String noneApplies(PolicySet policies, String namespace, String kind) {
        if (policies.policies().isEmpty()) {
            return "no policies are in force";
        }
        if (namespace == null) {
            return "no policy applies outside a namespace (only those for every namespace do)";
        }
        return "no policy applies to " + (kind == null ? "" : kind + " in ") + "namespace " + namespace;
    }
}
