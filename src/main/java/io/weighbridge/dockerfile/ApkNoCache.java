package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** {@code apk add} without {@code --no-cache} leaves the package index in {@code /var/cache/apk}. */
final class ApkNoCache implements LintRule {
    static final String ID = "apk-no-cache";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<LintFinding> check(LintInput input) {
        List<LintFinding> findings = new ArrayList<>();
        for (Step run : input.runs()) {
            boolean cached = run.calls(List.of("apk"), List.of("add")).stream().anyMatch(c -> !c.has("--no-cache") && !c.has("--no-network"));
            if (cached && !run.removes("/var/cache/apk") && !run.mountsCacheAt("/var/cache/apk")) {
                findings.add(new LintFinding(ID, run.line(), "apk add without --no-cache keeps the package index in the layer",
                        "use apk add --no-cache"));
            }
        }
        return findings;
    }
}
