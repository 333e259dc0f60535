package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** Three or more RUN instructions in a row: each is a layer, and cleanup in one cannot shrink another. */
final class ConsecutiveRuns implements LintRule {
    static final String ID = "consecutive-runs";
    static final int MANY = 3;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<LintFinding> check(LintInput input) {
        List<LintFinding> findings = new ArrayList<>();
        for (Stage stage : input.dockerfile().shippedStages()) {
            List<Instruction> row = new ArrayList<>();
            for (Instruction instruction : stage.instructions()) {
                if (instruction.is("RUN")) {
                    row.add(instruction);
                } else {
                    report(row, findings);
                    row = new ArrayList<>();
                }
            }
            report(row, findings);
        }
        findings.sort(java.util.Comparator.comparingInt(LintFinding::line));
        return findings;
    }

    private static void report(List<Instruction> row, List<LintFinding> findings) {
        if (row.size() >= MANY) {
            int first = row.get(0).line();
            int last = row.get(row.size() - 1).line();
            findings.add(new LintFinding(
                    ID,
                    first,
                    row.size() + " consecutive RUN instructions (lines " + first + "-" + last + ") make " + row.size()
                            + " layers",
                    "join them with && into one RUN that cleans up at its end"));
        }
    }
}
