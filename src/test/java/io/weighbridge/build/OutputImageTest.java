package io.weighbridge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.openshift.api.model.Build;
import io.weighbridge.image.PullSecretRefs;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputImageTest {

    @Test
    void anImageStreamTagOutputIsThePullSpecInTheIntegratedRegistryPinnedToThePushedDigest() {
        OutputImage output =
                OutputImage.of(BuildFiles.read("complete-imagestreamtag.yaml")).orElseThrow();

        assertEquals(
                "image-registry.openshift-image-registry.svc:5000/shop/storefront"
                        + "@sha256:7b3ccabffc97de872a30dfd234fd972a66d247c8cfc69b0550f276481852627c",
                output.image().toString());
        assertNull(output.image().tag(), "the tag moves on; the digest is what was pushed");
        assertEquals("shop", output.namespace());
        assertEquals("storefront-3", output.build());
        assertEquals("storefront", output.buildConfig());
        assertEquals(new PullSecretRefs(List.of("builder-dockercfg-7kq2x"), "builder"), output.pullSecrets());
    }

    @Test
    void aDockerImageOutputWithoutAStatusPullSpecIsReadFromTheSpecWithItsPushSecret() {
        OutputImage output =
                OutputImage.of(BuildFiles.read("complete-dockerimage.yaml")).orElseThrow();

        assertEquals(
                "quay.io/acme/payments-api"
                        + "@sha256:c2f9e1d84b7a6035e1f2d3c4b5a69788f0e1d2c3b4a5968778695a4b3c2d1e0f",
                output.image().toString());
        assertNull(output.buildConfig(), "created on its own, from no BuildConfig");
        assertEquals(List.of("quay-push"), output.pullSecrets().imagePullSecrets());
        assertEquals("pipeline", output.pullSecrets().serviceAccount());
    }

    @Test
    void withoutAPushSecretTheBuilderAccountsSecretsApply() {
        Build build = BuildFiles.read("complete-imagestreamtag.yaml");
        build.getSpec().getOutput().setPushSecret(null);
        build.getSpec().setServiceAccount(null);

        PullSecretRefs secrets = OutputImage.of(build).orElseThrow().pullSecrets();

        assertEquals(List.of(), secrets.imagePullSecrets());
        assertEquals("builder", secrets.serviceAccount());
    }

    @Test
    void aBuildThatPushedNothingHasNoOutput() {
        assertTrue(OutputImage.of(BuildFiles.read("complete-no-output.yaml")).isEmpty());
        assertTrue(OutputImage.of(BuildFiles.read("running.yaml")).isEmpty(), "no digest before the push");
    }

    @Test
    void aMalformedDigestOrPullSpecIsRefusedWithTheReason() {
        Build badDigest = BuildFiles.read("complete-imagestreamtag.yaml");
        badDigest.getStatus().getOutput().getTo().setImageDigest("sha256:not-hex");
        IllegalArgumentException digest = assertThrows(IllegalArgumentException.class, () -> OutputImage.of(badDigest));
        assertEquals("not a valid digest: sha256:not-hex", digest.getMessage());

        Build badPullSpec = BuildFiles.read("complete-imagestreamtag.yaml");
        badPullSpec.getStatus().setOutputDockerImageReference("Image-Registry:5000/UPPER/case:latest");
        IllegalArgumentException pullSpec =
                assertThrows(IllegalArgumentException.class, () -> OutputImage.of(badPullSpec));
        assertEquals(
                "invalid image reference \"Image-Registry:5000/UPPER/case:latest\": repository must be lowercase: UPPER/case",
                pullSpec.getMessage());
    }
}
