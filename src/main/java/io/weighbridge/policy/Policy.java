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
 * @param namespace the namespace of a namespaced {@code ImageSizePolicy}, which applies there
 *     only, or {@code null} for a cluster-wide policy (a {@code ClusterImageSizePolicy}, or an
 *     {@code ImageSizePolicy} document of a file that names no namespace)
 */
public record Policy(
        String name,
        String source,
        Enforcement enforcement,
        Match match,
        List<String> excludeImages,
        Action onRegistryError,
        List<Rule> rules,
        Map<String, Action> dockerfileRules,
        String namespace) {
    public Policy {
        excludeImages = List.copyOf(excludeImages);
        rules = List.copyOf(rules);
        dockerfileRules = Map.copyOf(dockerfileRules);
    }

    public Policy(
            String name,
            String source,
            Enforcement enforcement,
            Match match,
            List<String> excludeImages,
            Action onRegistryError,
            List<Rule> rules,
            Map<String, Action> dockerfileRules) {
        this(name, source, enforcement, match, excludeImages, onRegistryError, rules, dockerfileRules, null);
    }

    public Policy(
            String name,
            String source,
            Enforcement enforcement,
            Match match,
            List<String> excludeImages,
            Action onRegistryError,
            List<Rule> rules) {
        this(name, source, enforcement, match, excludeImages, onRegistryError, rules, Map.of());
    }

    /**
     * How findings, metrics and reports name the policy: its name, or {@code namespace/name} for a
     * namespaced one (names never contain {@code /}).
     */
    public String id() {
        return namespace == null ? name : namespace + "/" + name;
    }

    public boolean namespaced() {
        return namespace != null;
    }

    /** The action of a Dockerfile lint rule under this policy: warn unless the policy says otherwise. */
    public Action dockerfileRule(String id) {
        return dockerfileRules.getOrDefault(id, Action.WARN);
    }

    /** The bases the rules of this policy prefer. */
    public List<String> preferredBases() {
        return rules.stream()
                .flatMap(rule -> rule.preferredBases().stream())
                .distinct()
                .toList();
    }

    /** The same policy, biting as hard as {@code newEnforcement} says (the install-wide override). */
    public Policy withEnforcement(Enforcement newEnforcement) {
        return new Policy(
                name, source, newEnforcement, match, excludeImages, onRegistryError, rules, dockerfileRules, namespace);
    }
}
