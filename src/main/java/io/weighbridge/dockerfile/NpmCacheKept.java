package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** {@code npm install}/{@code ci} or {@code yarn install} without cleaning their cache in the same RUN. */
final class NpmCacheKept implements LintRule {
    static final String ID = "npm-cache-kept";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<LintFinding> check(LintInput input) {
        List<LintFinding> findings = new ArrayList<>();
        for (Step run : input.runs()) {
            boolean installs = run.commands().stream().anyMatch(NpmCacheKept::installs);
            boolean cleaned = run.commands().stream().anyMatch(c -> c.runs("npm", "yarn", "pnpm")
                    && (c.subcommand().equals("cache") && (c.has("clean") || c.has("prune")) || c.subcommand().equals("store") && c.has("prune")))
                    || run.removes("~/.npm", "/root/.npm", "$HOME/.npm", "/usr/local/share/.cache/yarn", "~/.cache/yarn",
                            "/root/.cache/yarn", "/tmp/.npm")
                    || run.mountsCacheAt(".npm") || run.mountsCacheAt("yarn") || run.mountsCacheAt("pnpm");
            if (installs && !cleaned) {
                findings.add(new LintFinding(ID, run.line(), "the npm/yarn cache stays in the layer",
                        "end the same RUN with npm cache clean --force (yarn cache clean)"));
            }
        }
        return findings;
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
