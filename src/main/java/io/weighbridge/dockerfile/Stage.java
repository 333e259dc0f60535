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
 * @param unknownArgs the build arguments given a value not known before the build that its
 *     {@code FROM} reads (directly or through another argument's default); its {@code base} then
 *     keeps their expressions as written and names no image yet
 */
public record Stage(
        int index,
        String name,
        String base,
        String platform,
        int line,
        List<Instruction> instructions,
        List<String> unknownArgs) {
    public Stage {
        instructions = List.copyOf(instructions);
        unknownArgs = List.copyOf(unknownArgs);
    }

    /** Whether its {@code FROM} names an image only the build will know. */
    public boolean baseUnknown() {
        return !unknownArgs.isEmpty();
    }

    public boolean isScratch() {
        return "scratch".equalsIgnoreCase(base);
    }
}
