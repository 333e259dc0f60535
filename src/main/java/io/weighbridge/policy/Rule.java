package io.weighbridge.policy;

import java.util.List;

/**
 * One rule of a policy. Exactly one of the conditions is set.
 *
 * @param name the rule's name
 * @param maxSizeBytes the largest compressed size allowed, or {@code null}
 * @param maxSize the limit as written ({@code 5Gi}), for messages, or {@code null}
 * @param maxLayers the most layers allowed, or {@code null}
 * @param preferredBases distribution ids or image references, or empty
 * @param action what happens when the rule matches
 */
public record Rule(
        String name,
        Long maxSizeBytes,
        String maxSize,
        Integer maxLayers,
        List<String> preferredBases,
        Action action) {
    public Rule {
        preferredBases = List.copyOf(preferredBases);
    }
}
