package io.weighbridge.policy;

import java.util.List;

/**
 * Which objects a policy applies to.
 *
 * @param namespaces namespace globs; empty means all
 * @param excludeNamespaces namespace globs that are never judged
 * @param kinds object kinds ({@code Deployment}); empty means every supported kind
 */
public record Match(List<String> namespaces, List<String> excludeNamespaces, List<String> kinds) {
    public static final Match ALL = new Match(List.of(), List.of(), List.of());

    public Match {
        namespaces = List.copyOf(namespaces);
        excludeNamespaces = List.copyOf(excludeNamespaces);
        kinds = List.copyOf(kinds);
    }
}
