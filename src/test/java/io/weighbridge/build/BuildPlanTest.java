package io.weighbridge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.openshift.api.model.BuildConfig;
import io.fabric8.openshift.api.model.BuildConfigBuilder;
import io.weighbridge.dockerfile.BuildArgValues;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bases of a BuildConfig whose inline Dockerfile reads build arguments in FROM. */
class BuildPlanTest {
    private static final String DOCKERFILE = "ARG BASE=alpine:3.20\nFROM ${BASE}\nCOPY app /app\n";

    @Test
    void buildArgsAsTheBuildPassesThemTheLastOfANameWinning() {
        BuildArgValues values = BuildPlan.buildArgs(List.of(
                arg("BASE", "debian:12"),
                arg("EMPTY", null),
                fromConfigMap("TAG"),
                arg("TAG", "3.19"),
                fromConfigMap("BASE")));

        assertEquals(new BuildArgValues(Map.of("EMPTY", "", "TAG", "3.19"), Set.of("BASE")), values);
    }

    @Test
    void theFinalFromIsTheImageTheBuildArgumentsName() {
        BuildPlan plan = BuildPlan.of(buildConfig(List.of(arg("BASE", "debian:12")), null));

        assertEquals(List.of(new BaseRef("DockerImage", "debian:12", null, "Dockerfile FROM line 2")), plan.bases());
    }

    @Test
    void aBaseFromValueFromIsKeptAsWrittenAndSaidToBeUnknown() {
        BuildPlan plan = BuildPlan.of(buildConfig(List.of(fromConfigMap("BASE")), null));

        assertEquals(
                List.of(new BaseRef(
                        "DockerImage",
                        "${BASE}",
                        null,
                        "Dockerfile FROM line 2",
                        "dockerStrategy.buildArgs BASE set by valueFrom, not known before the build runs")),
                plan.bases());
    }

    @Test
    void dockerStrategyFromStillReplacesTheFinalFrom() {
        BuildPlan plan = BuildPlan.of(buildConfig(List.of(fromConfigMap("BASE")), "ubi9/ubi-minimal:9.4"));

        assertEquals(
                List.of(new BaseRef("DockerImage", "ubi9/ubi-minimal:9.4", null, "dockerStrategy.from")), plan.bases());
    }

    private static BuildConfig buildConfig(List<EnvVar> buildArgs, String from) {
        BuildConfigBuilder config = new BuildConfigBuilder();
        var strategy = config.withNewMetadata()
                .withName("catalog")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withNewSource()
                .withDockerfile(DOCKERFILE)
                .endSource()
                .withNewStrategy()
                .withType("Docker")
                .withNewDockerStrategy()
                .withBuildArgs(buildArgs);
        if (from != null) {
            strategy = strategy.withNewFrom()
                    .withKind("DockerImage")
                    .withName(from)
                    .endFrom();
        }
        return strategy.endDockerStrategy().endStrategy().endSpec().build();
    }

    private static EnvVar arg(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar fromConfigMap(String name) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewConfigMapKeyRef()
                .withName("build-settings")
                .withKey(name)
                .endConfigMapKeyRef()
                .endValueFrom()
                .build();
    }
}
