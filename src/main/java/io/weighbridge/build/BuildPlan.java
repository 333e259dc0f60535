package io.weighbridge.build;

import io.fabric8.openshift.api.model.BuildConfig;
import io.fabric8.openshift.api.model.BuildStrategy;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.weighbridge.dockerfile.Dockerfile;
import java.util.ArrayList;
import java.util.List;

/**
 * What can be known of a build before it runs: the images it starts from and its inline
 * Dockerfile. A Git-sourced Docker build has no Dockerfile here; only its strategy's
 * {@code from} is known.
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
        Dockerfile dockerfile = null;
        if (config.getSpec() != null && config.getSpec().getSource() != null) {
            String text = config.getSpec().getSource().getDockerfile();
            dockerfile = text == null || text.isBlank() ? null : Dockerfile.parse(text);
        }
        BuildStrategy strategy = config.getSpec() == null ? null : config.getSpec().getStrategy();
        ObjectReference dockerFrom = null;
        if (strategy != null) {
            if (strategy.getDockerStrategy() != null) {
                dockerFrom = strategy.getDockerStrategy().getFrom();
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
        boolean dockerBuild = strategy == null || strategy.getDockerStrategy() != null || strategy.getType() == null
                || "Docker".equals(strategy.getType());
        if (dockerfile != null && dockerFrom == null && dockerBuild) {
            Dockerfile parsed = dockerfile;
            parsed.finalBase()
                    .filter(base -> !base.isBlank() && !base.contains("$") && !parsed.finalBaseIsScratch())
                    .ifPresent(base -> bases.add(new BaseRef(DOCKER_IMAGE, base, null,
                            "Dockerfile FROM line " + parsed.shippedStages().get(parsed.shippedStages().size() - 1).line())));
        }
        return new BuildPlan(bases, dockerfile);
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
