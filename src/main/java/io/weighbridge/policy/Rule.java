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
 * @param maxGrowth how much an image may grow over the one it replaces in the same container on
 *     an UPDATE (or a {@code check} with a baseline), or {@code null}
 */
public record Rule(
        String name,
        Long maxSizeBytes,
        String maxSize,
        Integer maxLayers,
        List<String> preferredBases,
        Action action,
        GrowthBudget maxGrowth) {
    public Rule {
        preferredBases = List.copyOf(preferredBases);
    }

    public Rule(
            String name,
            Long maxSizeBytes,
            String maxSize,
            Integer maxLayers,
            List<String> preferredBases,
            Action action) {
        this(name, maxSizeBytes, maxSize, maxLayers, preferredBases, action, null);
    }
}
