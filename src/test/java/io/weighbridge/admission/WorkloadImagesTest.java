package io.weighbridge.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadImagesTest {

    static List<SampleWorkloads.Sample> samples() {
        return SampleWorkloads.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void findsEveryContainerImageOfEachJudgedKindInitFirstEphemeralLast(SampleWorkloads.Sample sample) {
        assertEquals(Optional.of(sample.images()), WorkloadImages.of(Manifests.typed(sample.manifest())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"configmap.yaml", "buildconfig.yaml"})
    void judgesNoOtherKind(String manifest) {
        assertEquals(Optional.empty(), WorkloadImages.of(Manifests.typed(manifest)));
        assertFalse(WorkloadImages.supports(Manifests.typed(manifest)));
    }

    @Test
    void findsNoImagesInAControllerWithoutATemplateYet() {
        Deployment draft = new DeploymentBuilder().withNewMetadata().withName("draft").endMetadata().build();
        assertEquals(Optional.of(List.of()), WorkloadImages.of(draft));
    }
}
