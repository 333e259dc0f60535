package io.weighbridge.dockerfile;

import java.util.List;

/** One habit that makes images big, with a stable id that policies switch and set. */
public interface LintRule {
    /** The stable id, as written under a policy's {@code dockerfileRules}. */
    String id();

    List<LintFinding> check(LintInput input);
}
