package io.weighbridge.dockerfile;

import java.util.List;
import java.util.Optional;

/** {@code pip install} without {@code --no-cache-dir} keeps every downloaded wheel in {@code ~/.cache/pip}. */
final class PipCache extends RunRule {
    static final String ID = "pip-cache";

    PipCache() {
        super(ID);
    }

    @Override
    Optional<LintFinding> findingIn(Step run, LintInput input) {
        boolean caches = run.commands().stream()
                .filter(PipCache::isPipInstall)
                .anyMatch(c -> !c.has("--no-cache-dir") && !c.setsVariable("PIP_NO_CACHE_DIR"));
        boolean cleaned = run.removes("~/.cache", "/root/.cache", "$HOME/.cache") || run.mountsCacheAt(".cache");
        if (caches && !cleaned && !input.configuredBefore(run.line(), "PIP_NO_CACHE_DIR")) {
            return finding(run, "pip install keeps its download cache in the layer", "use pip install --no-cache-dir");
        }
        return Optional.empty();
    }

    static boolean isPipInstall(ShellCommand command) {
        List<String> words = command.words();
        int pip = -1;
        if (command.program().matches("pip[0-9.]*")) {
            pip = 0;
        } else if (command.program().matches("python[0-9.]*")
                && words.size() > 2
                && words.get(1).equals("-m")
                && words.get(2).equals("pip")) {
            pip = 2;
        }
        if (pip < 0) {
            return false;
        }
        for (String word : words.subList(pip + 1, words.size())) {
            if (!word.startsWith("-")) {
                return word.equals("install");
            }
        }
        return false;
    }
}
