package io.weighbridge.policy;

import java.util.List;
import java.util.Map;

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
 * @param dockerfileRules the action of each Dockerfile lint rule id written under
 *     {@code dockerfileRules} ({@code allow} for {@code off}); rules not written warn
 */
public record Policy(
        String name,
        String source,
        Enforcement enforcement,
        Match match,
        List<String> excludeImages,
        Action onRegistryError,
        List<Rule> rules,
        Map<String, Action> dockerfileRules) {
    public Policy {
        excludeImages = List.copyOf(excludeImages);
        rules = List.copyOf(rules);
        dockerfileRules = Map.copyOf(dockerfileRules);
    }

    public Policy(String name, String source, Enforcement enforcement, Match match, List<String> excludeImages,
            Action onRegistryError, List<Rule> rules) {
        this(name, source, enforcement, match, excludeImages, onRegistryError, rules, Map.of());
    }

    /** The action of a Dockerfile lint rule under this policy: warn unless the policy says otherwise. */
    public Action dockerfileRule(String id) {
        return dockerfileRules.getOrDefault(id, Action.WARN);
    }

    /** The bases the rules of this policy prefer. */
    public List<String> preferredBases() {
        return rules.stream().flatMap(rule -> rule.preferredBases().stream()).distinct().toList();
    }

    /** The same policy, biting as hard as {@code newEnforcement} says (the install-wide override). */
    public Policy withEnforcement(Enforcement newEnforcement) {
        return new Policy(name, source, newEnforcement, match, excludeImages, onRegistryError, rules, dockerfileRules);
    }
}
