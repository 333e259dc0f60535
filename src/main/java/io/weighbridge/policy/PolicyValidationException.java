package io.weighbridge.policy;

import java.util.List;
import java.util.stream.Collectors;

/** Policy text that does not parse or validate; each problem names file, line and field. */
public final class PolicyValidationException extends Exception {
    private final List<PolicyProblem> problems;

    public PolicyValidationException(List<PolicyProblem> problems) {
        super(problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
