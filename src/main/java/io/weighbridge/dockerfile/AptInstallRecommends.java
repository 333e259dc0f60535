package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** {@code apt-get install} without {@code --no-install-recommends} installs packages nobody asked for. */
final class AptInstallRecommends implements LintRule {
    static final String ID = "apt-install-recommends";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<LintFinding> check(LintInput input) {
        List<LintFinding> findings = new ArrayList<>();
        for (Step run : input.runs()) {
            boolean recommends = run.calls(AptListsKept.APT, List.of("install")).stream()
                    .anyMatch(c -> !c.has("--no-install-recommends")
                            && c.words().stream().noneMatch(w -> w.contains("Install-Recommends")));
            if (recommends && !input.configuredBefore(run.line(), "Install-Recommends")) {
                findings.add(new LintFinding(ID, run.line(), "apt-get install also installs recommended packages",
                        "add --no-install-recommends"));
            }
        }
        return findings;
    }
}
