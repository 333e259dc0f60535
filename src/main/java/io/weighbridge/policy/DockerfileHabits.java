package io.weighbridge.policy;

import io.weighbridge.dockerfile.DetectedBase;
import io.weighbridge.dockerfile.DockerfileLinter;
import io.weighbridge.dockerfile.LintFinding;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.policy.FindingMessages.Subject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lints a Dockerfile and judges each habit by the applicable policies' {@code dockerfileRules}:
 * one finding per habit, under the policy whose setting bites hardest (a rule no policy turns
 * off warns), with that policy's enforcement applied.
 */
final class DockerfileHabits {
    private DockerfileHabits() {}

    /**
     * @param finalBase the weight of the image the final stage starts from, when it was weighed
     * @param bases the weighings of preferred base images, for entries that name an image
     */
    static List<Finding> judge(
            DockerfileSource source,
            List<Policy> policies,
            Optional<ImageWeight> finalBase,
            Map<ImageReference, Weighing> bases) {
        if (source == null || policies.isEmpty()) {
            return List.of();
        }
        Set<String> preferredSet = new LinkedHashSet<>();
        for (Policy policy : policies) {
            if (policy.dockerfileRule("base-not-preferred") != Action.ALLOW) {
                preferredSet.addAll(policy.preferredBases());
            }
        }
        List<String> preferred = List.copyOf(preferredSet);
        DetectedBase detected = finalBase
                .filter(weight -> weight.base() != null && weight.base().known() && !preferred.isEmpty())
                .map(weight -> detected(weight, preferred, bases))
                .orElse(null);
        List<Finding> findings = new ArrayList<>();
        for (LintFinding habit : DockerfileLinter.lint(source.dockerfile(), preferred, detected)) {
            Policy strongest = null;
            Outcome outcome = null;
            for (Policy policy : policies) {
                Action setting = policy.dockerfileRule(habit.rule());
                if (setting == Action.ALLOW) {
                    continue;
                }
                Outcome candidate = Outcome.of(setting, policy.enforcement(), false);
                if (outcome == null || rank(candidate) > rank(outcome)) {
                    strongest = policy;
                    outcome = candidate;
                }
            }
            if (strongest != null) {
                Subject subject = new Subject(
                        source.origin(), null, strongest.id(), habit.rule(), outcome.action(), outcome.note());
                String message =
                        FindingMessages.dockerfileHabit(subject, habit.line(), habit.problem(), habit.remedy());
                findings.add(new Finding(
                        habit.rule(), strongest.id(), outcome.action(), message, outcome.dryRun(), habit.line()));
            }
        }
        return findings;
    }

    /** The detected base as the size rules judge it; undecided (a preferred image not weighed) counts as not preferred. */
    private static DetectedBase detected(
            ImageWeight weight, List<String> preferred, Map<ImageReference, Weighing> bases) {
        return new DetectedBase(
                weight.base().toString(),
                PreferredBases.check(PreferredBases.read(preferred), weight, bases)
                        .preferred());
    }

    private static int rank(Outcome outcome) {
        return outcome.action().ordinal() * 2 + (outcome.dryRun() ? 0 : 1);
    }
}
