package io.weighbridge.policy;

import java.util.List;

/**
 * One {@code ImageSizePolicy} document, validated.
 *
 * @param name {@code metadata.name}
 * @param source the file it came from, for messages ({@code null} for a policy given inline)
 * @param enforcement how hard it bites
 * @param match which objects it applies to
 * @param excludeImages globs over normalised references that it never judges
 * @param onRegistryError the action when an image cannot be weighed
 * @param rules the rules, in file order
 */
public record Policy(
        String name,
        String source,
        Enforcement enforcement,
        Match match,
        List<String> excludeImages,
        Action onRegistryError,
        List<Rule> rules) {
    public Policy {
        excludeImages = List.copyOf(excludeImages);
        rules = List.copyOf(rules);
    }

    /** The same policy, biting as hard as {@code other} says (the install-wide override). */
    public Policy withEnforcement(Enforcement other) {
        return new Policy(name, source, other, match, excludeImages, onRegistryError, rules);
    }
}
