package io.weighbridge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.openshift.api.model.BuildConfig;
import io.fabric8.openshift.api.model.ImageStreamTag;
import io.fabric8.openshift.api.model.ImageStreamTagBuilder;
import io.weighbridge.check.KubernetesObjects;
import io.weighbridge.image.Deadline;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.workload.WorkloadKinds;
import io.weighbridge.workload.WorkloadRead;
import io.weighbridge.workload.WorkloadReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ImageStreamTag bases resolved through the OpenShift API, on fabric8's mock server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class ImageStreamResolutionTest {
    static KubernetesClient client;

    @Test
    void anImageStreamTagOfAnotherNamespaceResolvesToItsDockerImageReference() throws Exception {
        String reference = "image-registry.openshift-image-registry.svc:5000/openshift/python@sha256:" + "a".repeat(64);
        client.resources(ImageStreamTag.class)
                .inNamespace("openshift")
                .resource(new ImageStreamTagBuilder()
                        .withNewMetadata()
                        .withName("python:3.12-ubi9")
                        .withNamespace("openshift")
                        .endMetadata()
                        .withNewImage()
                        .withNewMetadata()
                        .withName("sha256:" + "a".repeat(64))
                        .endMetadata()
                        .withDockerImageReference(reference)
                        .endImage()
                        .build())
                .create();
        BuildConfig config = buildConfig("imagestreamtag-source.yaml");

        EvaluationRequest request = new BuildRequests(
                        (ns, kind, name) -> ClusterImageStreams.lookUp(client, ns, kind, name))
                .request(config, "shop", "BuildConfig", Set.of(), null, Deadline.in(Duration.ofSeconds(5)))
                .get();

        assertEquals(List.of(new ImageUse(reference, "build:sourceStrategy.from", false)), request.images());
    }

    @Test
    void aMissingImageStreamTagIsABaseThatCannotBeWeighed() throws Exception {
        assertEquals(Optional.empty(), ClusterImageStreams.lookUp(client, "shop", "ImageStreamTag", "nothing:here"));
        BuildConfig config = buildConfig("imagestreamtag-source.yaml");
        config.getSpec().getStrategy().getSourceStrategy().getFrom().setNamespace("staging");
        EvaluationRequest request = new BuildRequests(
                        (ns, kind, name) -> ClusterImageStreams.lookUp(client, ns, kind, name))
                .request(config, "shop", "BuildConfig", Set.of(), null, Deadline.in(Duration.ZERO))
                .get();

        assertEquals(
                "ImageStreamTag staging/python:3.12-ubi9 (not found)",
                request.images().get(0).image());
    }

    private static BuildConfig buildConfig(String file) throws Exception {
        try (var in = new InputStreamReader(
                ImageStreamResolutionTest.class.getResourceAsStream("/buildconfigs/" + file), StandardCharsets.UTF_8)) {
            return ((WorkloadRead.Judged) new WorkloadReader(WorkloadKinds.builtIn())
                            .read(KubernetesObjects.readManifest(in).get(0)))
                    .build();
        }
    }
}
