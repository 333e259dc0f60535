package io.weighbridge.dockerfile;

import java.util.List;
import java.util.Optional;

/** {@code apt-get update}/{@code install} without removing {@code /var/lib/apt/lists} in the same RUN. */
final class AptListsKept extends RunRule {
    static final String ID = "apt-lists-kept";
    static final List<String> APT = List.of("apt-get", "apt");

    AptListsKept() {
        super(ID);
    }

    @Override
    Optional<LintFinding> findingIn(Step run, LintInput input) {
        boolean fetches = !run.calls(APT, List.of("update", "install", "upgrade", "dist-upgrade"))
                .isEmpty();
        if (fetches && !run.removes("/var/lib/apt/lists") && !run.mountsCacheAt("/var/lib/apt")) {
            return finding(
                    run, "apt package lists stay in the layer", "end the same RUN with rm -rf /var/lib/apt/lists/*");
        }
        return Optional.empty();
    }
}
