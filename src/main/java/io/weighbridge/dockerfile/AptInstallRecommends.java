package io.weighbridge.dockerfile;

import java.util.List;
import java.util.Optional;

/** {@code apt-get install} without {@code --no-install-recommends} installs packages nobody asked for. */
final class AptInstallRecommends extends RunRule {
    static final String ID = "apt-install-recommends";

    AptInstallRecommends() {
        super(ID);
    }

    @Override
    Optional<LintFinding> findingIn(Step run, LintInput input) {
        boolean recommends = run.calls(AptListsKept.APT, List.of("install")).stream()
                .anyMatch(c -> !c.has("--no-install-recommends")
                        && c.words().stream().noneMatch(w -> w.contains("Install-Recommends")));
        if (recommends && !input.configuredBefore(run.line(), "Install-Recommends")) {
            return finding(run, "apt-get install also installs recommended packages", "add --no-install-recommends");
        }
        return Optional.empty();
    }
}
