package io.weighbridge.dockerfile;

import java.util.List;
import java.util.Optional;

/** A rule that judges each RUN on its own: at most one finding per RUN, at its line. */
abstract class RunRule implements LintRule {
    private final String id;

    RunRule(String id) {
        this.id = id;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final List<LintFinding> check(LintInput input) {
        return input.runs().stream()
                .flatMap(run -> findingIn(run, input).stream())
                .toList();
    }

    /** The finding for this RUN, if it has the habit. */
    abstract Optional<LintFinding> findingIn(Step run, LintInput input);

    final Optional<LintFinding> finding(Step run, String problem, String remedy) {
        return Optional.of(new LintFinding(id, run.line(), problem, remedy));
    }
}
