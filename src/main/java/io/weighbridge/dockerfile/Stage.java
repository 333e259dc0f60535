package io.weighbridge.dockerfile;

import java.util.List;

/**
 * One build stage: a {@code FROM} and the instructions up to the next one.
 *
 * @param index 0-based position ({@code COPY --from=0})
 * @param name the {@code AS} name, lower case, or {@code null}
 * @param base the image or earlier stage it starts from, build arguments substituted
 * @param platform the {@code --platform} flag's value, or {@code null}
 * @param line the line of its {@code FROM}
 * @param instructions the instructions after the {@code FROM}
 */
public record Stage(int index, String name, String base, String platform, int line, List<Instruction> instructions) {
    public Stage {
        instructions = List.copyOf(instructions);
    }

    public boolean isScratch() {
        return "scratch".equalsIgnoreCase(base);
    }
}
