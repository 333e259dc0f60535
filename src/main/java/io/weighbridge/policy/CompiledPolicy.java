package io.weighbridge.policy;

import io.weighbridge.image.ImageReference;
import io.weighbridge.policy.PreferredBases.Preferred;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A policy with what judging it needs made once, when its set is first judged after a load, and
 * kept as long as the set (see {@link DefaultPolicyEngine}): the scope's globs compiled, the
 * preferred bases parsed, each rule's outcome, the rules named in a verdict.
 *
 * @param policy the policy as loaded
 * @param scope which objects and images it judges
 * @param rules its rules, in file order
 * @param ruleRefs every rule as a verdict names it
 * @param baseReferences the images its rules prefer as bases, each once
 * @param judgesGrowth a rule has {@code maxGrowth}
 */
record CompiledPolicy(
        Policy policy,
        PolicyScope scope,
        List<CompiledRule> rules,
        List<RuleRef> ruleRefs,
        List<ImageReference> baseReferences,
        boolean judgesGrowth) {

    /**
     * One rule, with its preferred bases parsed and its outcome under the policy's enforcement.
     *
     * @param outcome for an image new to the object
     * @param preexistingOutcome for an image that was already in use before this update
     */
    record CompiledRule(Rule rule, List<Preferred> preferredBases, Outcome outcome, Outcome preexistingOutcome) {
        Outcome outcome(boolean preexisting) {
            return preexisting ? preexistingOutcome : outcome;
        }
    }

    static CompiledPolicy of(Policy policy) {
        List<CompiledRule> rules = new ArrayList<>();
        List<RuleRef> refs = new ArrayList<>();
        Set<ImageReference> bases = new LinkedHashSet<>();
        boolean growth = false;
        for (Rule rule : policy.rules()) {
            List<Preferred> preferred = PreferredBases.read(rule.preferredBases());
            rules.add(new CompiledRule(
                    rule,
                    preferred,
                    Outcome.of(rule.action(), policy.enforcement(), false),
                    Outcome.of(rule.action(), policy.enforcement(), true)));
            refs.add(new RuleRef(policy.id(), rule.name()));
            preferred.stream().filter(entry -> !entry.distributionId()).forEach(entry -> bases.add(entry.reference()));
            growth |= rule.maxGrowth() != null;
        }
        return new CompiledPolicy(
                policy, PolicyScope.of(policy), List.copyOf(rules), List.copyOf(refs), List.copyOf(bases), growth);
    }

    static List<CompiledPolicy> of(PolicySet policies) {
        return policies.policies().stream().map(CompiledPolicy::of).toList();
    }
}
