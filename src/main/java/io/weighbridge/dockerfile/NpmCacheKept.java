package io.weighbridge.dockerfile;

import java.util.List;
import java.util.Optional;

/** {@code npm install}/{@code ci} or {@code yarn install} without cleaning their cache in the same RUN. */
final class NpmCacheKept extends RunRule {
    static final String ID = "npm-cache-kept";

    NpmCacheKept() {
        super(ID);
    }

    @Override
    Optional<LintFinding> findingIn(Step run, LintInput input) {
        boolean installs = run.commands().stream().anyMatch(NpmCacheKept::installs);
        boolean cleaned = run.commands().stream()
                        .anyMatch(c -> c.runs("npm", "yarn", "pnpm")
                                && (c.subcommand().equals("cache") && (c.has("clean") || c.has("prune"))
                                        || c.subcommand().equals("store") && c.has("prune")))
                || run.removes(
                        "~/.npm",
                        "/root/.npm",
                        "$HOME/.npm",
                        "/usr/local/share/.cache/yarn",
                        "~/.cache/yarn",
                        "/root/.cache/yarn",
                        "/tmp/.npm")
                || run.mountsCacheAt(".npm")
                || run.mountsCacheAt("yarn")
                || run.mountsCacheAt("pnpm");
        if (installs && !cleaned) {
            return finding(
                    run,
                    "the npm/yarn cache stays in the layer",
                    "end the same RUN with npm cache clean --force (yarn cache clean)");
        }
        return Optional.empty();
    }

    private static boolean installs(ShellCommand command) {
        String sub = command.subcommand();
        if (command.runs("npm", "pnpm")) {
            return List.of("install", "i", "ci", "add").contains(sub);
        }
        if (command.runs("yarn")) {
            return sub.isEmpty() || sub.equals("install") || sub.equals("add");
        }
        return false;
    }
}
