package io.weighbridge.dockerfile;

import java.util.List;

/** The sources and destination of a {@code COPY} or {@code ADD}, in either form. */
final class CopySources {
    private CopySources() {}

    static List<String> of(Instruction instruction) {
        List<String> all = all(instruction);
        return all.size() < 2 ? List.of() : all.subList(0, all.size() - 1);
    }

    static String destination(Instruction instruction) {
        List<String> all = all(instruction);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private static List<String> all(Instruction instruction) {
        List<String> exec = instruction.execForm();
        if (exec != null) {
            return exec;
        }
        return Words.split(instruction.body()).stream()
                .filter(w -> !w.startsWith("<<"))
                .map(Words::unquote)
                .toList();
    }
}
