package io.weighbridge.policy;

import io.weighbridge.dockerfile.DockerfileLinter;
import io.weighbridge.dockerfile.LintFinding;
import io.weighbridge.policy.FindingMessages.Subject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lints a Dockerfile and judges each habit by the applicable policies' {@code dockerfileRules}:
 * one finding per habit, under the policy whose setting bites hardest (a rule no policy turns
 * off warns), with that policy's enforcement applied.
 */
final class DockerfileHabits {
    private DockerfileHabits() {}

    static List<Finding> judge(DockerfileSource source, List<Policy> policies) {
        if (source == null || policies.isEmpty()) {
            return List.of();
        }
        Set<String> preferred = new LinkedHashSet<>();
        for (Policy policy : policies) {
            if (policy.dockerfileRule("base-not-preferred") != Action.ALLOW) {
                preferred.addAll(policy.preferredBases());
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (LintFinding habit : DockerfileLinter.lint(source.dockerfile(), List.copyOf(preferred))) {
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
                Subject subject = new Subject(source.origin(), null, strongest.id(), habit.rule(), outcome.action(), outcome.note());
                String message = FindingMessages.dockerfileHabit(subject, habit.line(), habit.problem(), habit.remedy());
                findings.add(new Finding(habit.rule(), strongest.id(), outcome.action(), message, outcome.dryRun()));
            }
        }
        return findings;
    }

    private static int rank(Outcome outcome) {
        return outcome.action().ordinal() * 2 + (outcome.dryRun() ? 0 : 1);
    }
}
