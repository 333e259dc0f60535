package io.weighbridge.dockerfile;

import java.util.List;
import java.util.Optional;

/** {@code apk add} without {@code --no-cache} leaves the package index in {@code /var/cache/apk}. */
final class ApkNoCache extends RunRule {
    static final String ID = "apk-no-cache";

    ApkNoCache() {
        super(ID);
    }

    @Override
    Optional<LintFinding> findingIn(Step run, LintInput input) {
        boolean cached = run.calls(List.of("apk"), List.of("add")).stream()
                .anyMatch(c -> !c.has("--no-cache") && !c.has("--no-network"));
        if (cached && !run.removes("/var/cache/apk") && !run.mountsCacheAt("/var/cache/apk")) {
            return finding(
                    run, "apk add without --no-cache keeps the package index in the layer", "use apk add --no-cache");
        }
        return Optional.empty();
    }
}
