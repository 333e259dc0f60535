package io.weighbridge.policy;

import io.weighbridge.image.ImageReference;
import java.util.List;

/**
 * Which objects and images a policy judges, its globs compiled.
 *
 * @param namespace the namespace of a namespaced policy, else {@code null}
 * @param everyNamespace the policy names no namespaces or {@code "*"}
 * @param namespaces namespace globs; empty means all
 * @param excludeNamespaces namespace globs never judged
 * @param kinds object kinds, compared ignoring case; empty means every supported kind
 * @param excludeImages the {@code excludeImages} globs
 */
record PolicyScope(
        String namespace,
        boolean everyNamespace,
        List<Glob> namespaces,
        List<Glob> excludeNamespaces,
        List<String> kinds,
        List<Glob> excludeImages) {

    static PolicyScope of(Policy policy) {
        Match match = policy.match();
        return new PolicyScope(
                policy.namespace(),
                match.namespaces().isEmpty() || match.namespaces().contains("*"),
                globs(match.namespaces()),
                globs(match.excludeNamespaces()),
                match.kinds(),
                globs(policy.excludeImages()));
    }

    /** Whether the policy applies to an object; see {@link #appliesTo(String, String)}. */
    static boolean appliesTo(Policy policy, String namespace, String kind) {
        return of(policy).appliesTo(namespace, kind);
    }

    /**
     * Whether the policy applies to an object. A {@code null} namespace (a dry run outside any
     * namespace) is judged by the cluster-wide policies only — those that name no namespaces or
     * {@code "*"} — since a policy written for {@code ml-*} says nothing about an image nobody
     * placed yet. A {@code null} kind skips the kind match. A namespaced policy applies in its own
     * namespace only.
     */
    boolean appliesTo(String objectNamespace, String kind) {
        if (namespace != null) {
            if (!namespace.equals(objectNamespace)) {
                return false;
            }
        } else if (objectNamespace == null) {
            if (!everyNamespace) {
                return false;
            }
        } else if (!(namespaces.isEmpty() || anyMatches(namespaces, objectNamespace))
                || anyMatches(excludeNamespaces, objectNamespace)) {
            return false;
        }
        if (kind == null || kinds.isEmpty()) {
            return true;
        }
        for (String judged : kinds) {
            if (kind.equalsIgnoreCase(judged)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first {@code excludeImages} glob that matches the image, or {@code null}. Globs are
     * tried against the whole normalised reference ({@code docker.io/library/nginx:1.27}) and
     * against its name without tag or digest ({@code docker.io/library/nginx}), so a pattern
     * without a tag covers every tag.
     */
    String exclusion(ImageReference image) {
        if (excludeImages.isEmpty()) {
            return null;
        }
        String full = image.toString();
        String name = image.name();
        for (Glob glob : excludeImages) {
            if (glob.matches(full) || glob.matches(name)) {
                return glob.written();
            }
        }
        return null;
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

    private static List<Glob> globs(List<String> written) {
        return written.stream().map(Glob::of).toList();
    }

    private static boolean anyMatches(List<Glob> globs, String text) {
        for (Glob glob : globs) {
            if (glob.matches(text)) {
                return true;
            }
        }
        return false;
    }
}
