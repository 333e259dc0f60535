package io.weighbridge.build;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.openshift.api.model.BuildConfig;
import io.fabric8.openshift.api.model.BuildStrategy;
import io.fabric8.openshift.api.model.DockerBuildStrategy;
import io.weighbridge.dockerfile.BuildArgValues;
import io.weighbridge.dockerfile.Dockerfile;
import io.weighbridge.dockerfile.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What can be known of a build before it runs: the images it starts from and its inline
 * Dockerfile, read with the build's {@code dockerStrategy.buildArgs}. A Git-sourced Docker build
 * has no Dockerfile here; only its strategy's {@code from} is known.
 *
 * @param bases the images the build starts from, to weigh
 * @param dockerfile the inline {@code spec.source.dockerfile}, parsed, or {@code null}
 */
public record BuildPlan(List<BaseRef> bases, Dockerfile dockerfile) {
    public static final String DOCKER_IMAGE = "DockerImage";

    public BuildPlan {
        bases = List.copyOf(bases);
    }

    public static BuildPlan of(BuildConfig config) {
        List<BaseRef> bases = new ArrayList<>();
        BuildStrategy strategy =
                config.getSpec() == null ? null : config.getSpec().getStrategy();
        DockerBuildStrategy docker = strategy == null ? null : strategy.getDockerStrategy();
        Dockerfile dockerfile = null;
        if (config.getSpec() != null && config.getSpec().getSource() != null) {
            String text = config.getSpec().getSource().getDockerfile();
            dockerfile = text == null || text.isBlank()
                    ? null
                    : Dockerfile.parse(text, buildArgs(docker == null ? null : docker.getBuildArgs()));
        }
        ObjectReference dockerFrom = null;
        if (strategy != null) {
            if (docker != null) {
                dockerFrom = docker.getFrom();
                add(bases, dockerFrom, "dockerStrategy.from");
            }
            if (strategy.getSourceStrategy() != null) {
                add(bases, strategy.getSourceStrategy().getFrom(), "sourceStrategy.from");
            }
            if (strategy.getCustomStrategy() != null) {
                add(bases, strategy.getCustomStrategy().getFrom(), "customStrategy.from");
            }
        }
        // dockerStrategy.from replaces the FROM of the final stage: weigh the Dockerfile's only without it.
        boolean dockerBuild =
                strategy == null || docker != null || strategy.getType() == null || "Docker".equals(strategy.getType());
        if (dockerfile != null && dockerFrom == null && dockerBuild) {
            dockerfile.baseStage().flatMap(BuildPlan::dockerfileBase).ifPresent(bases::add);
        }
        return new BuildPlan(bases, dockerfile);
    }

    /**
     * {@code dockerStrategy.buildArgs} as the build passes them ({@code --build-arg}): a
     * {@code valueFrom} is resolved only when the build starts, so its value is unknown here.
     */
    static BuildArgValues buildArgs(List<EnvVar> buildArgs) {
        Map<String, String> literal = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (EnvVar arg : buildArgs == null ? List.<EnvVar>of() : buildArgs) {
            if (arg == null || arg.getName() == null || arg.getName().isBlank()) {
                continue;
            }
            // The last value given for a name wins, as with repeated --build-arg.
            literal.remove(arg.getName());
            unknown.remove(arg.getName());
            if (arg.getValueFrom() != null) {
                unknown.add(arg.getName());
            } else {
                literal.put(arg.getName(), arg.getValue() == null ? "" : arg.getValue());
            }
        }
        return new BuildArgValues(literal, unknown);
    }

    /** The final stage's external base, unless it is {@code scratch} or names no image. */
    private static Optional<BaseRef> dockerfileBase(Stage stage) {
        String origin = "Dockerfile FROM line " + stage.line();
        if (stage.baseUnknown()) {
            String because = "dockerStrategy.buildArgs " + String.join(", ", stage.unknownArgs())
                    + " set by valueFrom, not known before the build runs";
            return Optional.of(new BaseRef(DOCKER_IMAGE, stage.base(), null, origin, because));
        }
        if (stage.base().isBlank() || stage.base().contains("$") || stage.isScratch()) {
            return Optional.empty();
        }
        return Optional.of(new BaseRef(DOCKER_IMAGE, stage.base(), null, origin));
    }

    private static void add(List<BaseRef> bases, ObjectReference from, String origin) {
        if (from == null || from.getName() == null || from.getName().isBlank()) {
            return;
        }
        String kind = from.getKind() == null ? DOCKER_IMAGE : from.getKind();
        String namespace = from.getNamespace() == null || from.getNamespace().isBlank() ? null : from.getNamespace();
        bases.add(new BaseRef(kind, from.getName(), namespace, origin));
    }
}
