package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Files or packages removed by a later RUN than the one that added them: each instruction is a
 * layer, and removing something only hides it, its bytes stay in the earlier layer.
 */
final class RemovedInLaterLayer implements LintRule {
    static final String ID = "removed-in-later-layer";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<LintFinding> check(LintInput input) {
        List<LintFinding> findings = new ArrayList<>();
        List<Addition> added = new ArrayList<>();
        for (Step step : input.shippedSteps()) {
            List<Addition> ownAdditions = Additions.of(step);
            if (step.isRun()) {
                // one finding per earlier layer, naming everything this RUN removes from it
                java.util.Map<Addition, List<String>> hits = new java.util.LinkedHashMap<>();
                for (Removal removal : removals(step)) {
                    added.stream()
                            .filter(a -> a.line() < step.line() && removal.hits(a))
                            .findFirst()
                            .ifPresent(a -> hits.computeIfAbsent(firstOfLine(added, a), k -> new ArrayList<>())
                                    .add(removal.what()));
                }
                hits.forEach((addition, what) -> findings.add(finding(step, String.join(", ", what), addition)));
            }
            added.addAll(ownAdditions);
        }
        return findings;
    }

    private static Addition firstOfLine(List<Addition> added, Addition addition) {
        return added.stream()
                .filter(a -> a.line() == addition.line())
                .findFirst()
                .orElse(addition);
    }

    private static LintFinding finding(Step step, String what, Addition addition) {
        String remedy = addition.copied()
                ? "leave it out with .dockerignore or copy only what is needed"
                : "remove it in the same RUN that adds it (line " + addition.line() + "), or use a multi-stage build";
        return new LintFinding(
                ID,
                step.line(),
                "removes " + what + " added at line " + addition.line() + "; its size stays in that layer",
                remedy);
    }

    /** What a RUN removes: paths ({@code rm}) and packages ({@code apk del}, {@code apt-get purge}…). */
    private static List<Removal> removals(Step run) {
        List<Removal> removals = new ArrayList<>();
        for (ShellCommand command : run.commands()) {
            if (command.runs("rm")) {
                for (String operand : command.words().subList(1, command.words().size())) {
                    if (!operand.startsWith("-") && !operand.contains("$")) {
                        String path = Paths.resolve(run.workdir(), operand.replaceFirst("^~", "/root"));
                        if (!path.equals("/")) {
                            removals.add(new Removal(path, false));
                        }
                    }
                }
            } else if (Additions.removesPackages(command)) {
                command.operands().stream()
                        .filter(p -> !p.contains("$"))
                        .forEach(p -> removals.add(new Removal(p, true)));
            }
        }
        return removals;
    }

    private record Removal(String target, boolean isPackage) {
        boolean hits(Addition addition) {
            if (isPackage != addition.isPackage()) {
                return false;
            }
            if (isPackage) {
                return target.equals(addition.target());
            }
            if (target.contains("*") || target.contains("?")) {
                return glob(target).matcher(addition.target()).matches();
            }
            return Paths.within(addition.target(), target) || Paths.within(target, addition.target());
        }

        String what() {
            return target;
        }

        /**
         * A shell glob's {@code *} and {@code ?} within one path part, everything else literal (a
         * {@code [} or {@code {} in a removed path once went into the expression as written), and
         * anything below the matched path.
         */
        private static Pattern glob(String glob) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (char c : glob.toCharArray()) {
                if (c == '*' || c == '?') {
                    regex.append(Pattern.quote(literal.toString())).append(c == '*' ? "[^/]*" : "[^/]");
                    literal.setLength(0);
                } else {
                    literal.append(c);
                }
            }
            return Pattern.compile(regex.append(Pattern.quote(literal.toString()))
                    .append("(/.*)?")
                    .toString());
        }
    }
}
