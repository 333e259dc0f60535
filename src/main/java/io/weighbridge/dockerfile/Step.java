package io.weighbridge.dockerfile;

import java.util.List;

/**
 * One instruction of a stage that ends up in the image, with what a rule needs to read it.
 *
 * @param instruction the instruction
 * @param stage the stage it belongs to
 * @param workdir the working directory it runs in (absolute)
 * @param commands its shell commands when it is a {@code RUN}, else empty
 */
public record Step(Instruction instruction, Stage stage, String workdir, List<ShellCommand> commands) {
    public Step {
        commands = List.copyOf(commands);
    }

    public boolean isRun() {
        return instruction.is("RUN");
    }

    public int line() {
        return instruction.line();
    }

    /** Commands running one of {@code programs} with subcommand one of {@code subcommands}. */
    public List<ShellCommand> calls(List<String> programs, List<String> subcommands) {
        return commands.stream()
                .filter(c -> programs.contains(c.program()) && subcommands.contains(c.subcommand()))
                .toList();
    }

    /** Whether a {@code rm} of this RUN removes a path starting with one of {@code prefixes}. */
    public boolean removes(String... prefixes) {
        for (ShellCommand command : commands) {
            if (!command.runs("rm")) {
                continue;
            }
            for (String operand : command.words().subList(1, command.words().size())) {
                for (String prefix : prefixes) {
                    if (operand.startsWith(prefix)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether the RUN mounts a build cache ({@code --mount=type=cache}) whose target contains {@code path}. */
    public boolean mountsCacheAt(String path) {
        return instruction.flags().stream()
                .anyMatch(f -> f.startsWith("--mount=") && f.contains("type=cache") && f.contains(path));
    }
}
