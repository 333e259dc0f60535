package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** {@code apt-get update}/{@code install} without removing {@code /var/lib/apt/lists} in the same RUN. */
final class AptListsKept implements LintRule {
    static final String ID = "apt-lists-kept";
    static final List<String> APT = List.of("apt-get", "apt");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<LintFinding> check(LintInput input) {
        List<LintFinding> findings = new ArrayList<>();
        for (Step run : input.runs()) {
            boolean fetches = !run.calls(APT, List.of("update", "install", "upgrade", "dist-upgrade")).isEmpty();
            if (fetches && !run.removes("/var/lib/apt/lists") && !run.mountsCacheAt("/var/lib/apt")) {
                findings.add(new LintFinding(ID, run.line(), "apt package lists stay in the layer",
                        "end the same RUN with rm -rf /var/lib/apt/lists/*"));
            }
        }
        return findings;
    }
}
