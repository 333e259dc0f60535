package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** {@code pip install} without {@code --no-cache-dir} keeps every downloaded wheel in {@code ~/.cache/pip}. */
final class PipCache implements LintRule {
    static final String ID = "pip-cache";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<LintFinding> check(LintInput input) {
        List<LintFinding> findings = new ArrayList<>();
        for (Step run : input.runs()) {
            boolean caches = run.commands().stream().filter(PipCache::isPipInstall)
                    .anyMatch(c -> !c.has("--no-cache-dir") && !c.setsVariable("PIP_NO_CACHE_DIR"));
            boolean cleaned = run.removes("~/.cache", "/root/.cache", "$HOME/.cache") || run.mountsCacheAt(".cache");
            if (caches && !cleaned && !input.configuredBefore(run.line(), "PIP_NO_CACHE_DIR")) {
                findings.add(new LintFinding(ID, run.line(), "pip install keeps its download cache in the layer",
                        "use pip install --no-cache-dir"));
            }
        }
        return findings;
    }

    static boolean isPipInstall(ShellCommand command) {
        List<String> words = command.words();
        int pip = -1;
        if (command.program().matches("pip[0-9.]*")) {
            pip = 0;
        } else if (command.program().matches("python[0-9.]*") && words.size() > 2 && words.get(1).equals("-m")
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
