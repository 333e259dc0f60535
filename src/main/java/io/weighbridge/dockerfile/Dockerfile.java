package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed Dockerfile.
 *
 * @param directives parser directives ({@code syntax}, {@code escape}), lower-case keys
 * @param instructions every instruction in file order, global {@code ARG}s and {@code FROM}s included
 * @param stages the build stages, in order
 */
public record Dockerfile(Map<String, String> directives, List<Instruction> instructions, List<Stage> stages) {
    public Dockerfile {
        directives = Map.copyOf(directives);
        instructions = List.copyOf(instructions);
        stages = List.copyOf(stages);
    }

    public static Dockerfile parse(String text) {
        return parse(text, BuildArgValues.NONE);
    }

    /** The Dockerfile as a build with these build-argument values reads it ({@code --build-arg}). */
    public static Dockerfile parse(String text, BuildArgValues buildArgs) {
        return DockerfileParser.parse(text, buildArgs);
    }

    /** The stage whose result is the image, if there is a {@code FROM} at all. */
    public Optional<Stage> finalStage() {
        return stages.isEmpty() ? Optional.empty() : Optional.of(stages.get(stages.size() - 1));
    }

    /**
     * The stages whose layers end up in the image: the final stage and the stages it is built
     * {@code FROM}, nearest first. Build stages only copied from are left behind.
     */
    public List<Stage> shippedStages() {
        List<Stage> shipped = new ArrayList<>();
        Optional<Stage> stage = finalStage();
        while (stage.isPresent() && !shipped.contains(stage.get())) {
            shipped.add(stage.get());
            stage = earlierStage(stage.get());
        }
        return List.copyOf(shipped);
    }

    /** The external image the final stage starts from (following stage names), or empty without FROM. */
    public Optional<String> finalBase() {
        return baseStage().map(Stage::base);
    }

    /**
     * The stage whose {@code FROM} names the external image the final stage starts from (the
     * last of {@link #shippedStages()}), or empty without FROM.
     */
    public Optional<Stage> baseStage() {
        List<Stage> shipped = shippedStages();
        return shipped.isEmpty() ? Optional.empty() : Optional.of(shipped.get(shipped.size() - 1));
    }

    /** Whether the image starts from nothing. */
    public boolean finalBaseIsScratch() {
        return finalBase().map(base -> base.equalsIgnoreCase("scratch")).orElse(false);
    }

    private Optional<Stage> earlierStage(Stage stage) {
        String base = stage.base().toLowerCase(Locale.ROOT);
        for (Stage earlier : stages.subList(0, stage.index())) {
            if (base.equals(earlier.name())) {
                return Optional.of(earlier);
            }
        }
        return Optional.empty();
    }
}
