package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * What the rules read: the Dockerfile, the steps of the stages that end up in the image (oldest
 * first), and the bases the policies prefer.
 *
 * @param preferredBases distribution ids or image references; empty when no policy names any
 * @param detectedBase what weighing the final base found, or {@code null} when it was not weighed
 *     or its distribution not detected: then its name is judged
 */
public record LintInput(
        Dockerfile dockerfile, List<Step> shippedSteps, List<String> preferredBases, DetectedBase detectedBase) {
    public LintInput {
        shippedSteps = List.copyOf(shippedSteps);
        preferredBases = List.copyOf(preferredBases);
    }

    public static LintInput of(Dockerfile dockerfile, List<String> preferredBases) {
        return of(dockerfile, preferredBases, null);
    }

    public static LintInput of(Dockerfile dockerfile, List<String> preferredBases, DetectedBase detectedBase) {
        List<Stage> shipped = new ArrayList<>(dockerfile.shippedStages());
        java.util.Collections.reverse(shipped);
        List<Step> steps = new ArrayList<>();
        String workdir = "/";
        for (Stage stage : shipped) {
            for (Instruction instruction : stage.instructions()) {
                if (instruction.is("WORKDIR")) {
                    workdir = Paths.resolve(workdir, instruction.body());
                }
                List<ShellCommand> commands =
                        instruction.is("RUN") ? ShellScript.commands(instruction.script()) : List.of();
                steps.add(new Step(instruction, stage, workdir, commands));
            }
        }
        return new LintInput(dockerfile, steps, preferredBases, detectedBase);
    }

    public List<Step> runs() {
        return shippedSteps.stream().filter(Step::isRun).toList();
    }

    /** Whether an instruction of the shipped stages before {@code line} contains {@code text} (an ENV, a config file). */
    public boolean configuredBefore(int line, String text) {
        return shippedSteps.stream()
                .anyMatch(s -> s.line() < line
                        && (s.instruction().args() + s.instruction().script()).contains(text));
    }
}
