package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every lint rule, and the findings of all of them for one Dockerfile, in line order. */
public final class DockerfileLinter {
    private static final List<LintRule> RULES = List.of(
            new ApkNoCache(),
            new ApkBuildDepsKept(),
            new AptListsKept(),
            new AptInstallRecommends(),
            new PipCache(),
            new NpmCacheKept(),
            new RemovedInLaterLayer(),
            new ConsecutiveRuns(),
            new BuildToolsInFinalStage(),
            new BaseNotPreferred(),
            new RemoteAdd());

    private DockerfileLinter() {}

    /** The stable ids, as policies write them under {@code dockerfileRules}. */
    public static List<String> ruleIds() {
        return RULES.stream().map(LintRule::id).toList();
    }

    public static List<LintFinding> lint(Dockerfile dockerfile, List<String> preferredBases) {
        return lint(dockerfile, preferredBases, null);
    }

    /** @param detectedBase what weighing the final base found, or {@code null}: then its name is judged */
    public static List<LintFinding> lint(
            Dockerfile dockerfile, List<String> preferredBases, DetectedBase detectedBase) {
        LintInput input = LintInput.of(dockerfile, preferredBases, detectedBase);
        List<LintFinding> findings = new ArrayList<>();
        for (LintRule rule : RULES) {
            findings.addAll(rule.check(input));
        }
        findings.sort(Comparator.comparingInt(LintFinding::line));
        return List.copyOf(findings);
    }
}
