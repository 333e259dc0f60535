package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.image.ManifestDocument.ImageIndex;
import io.weighbridge.image.registry.MediaTypes;
import io.weighbridge.image.registry.RegistryException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformSelectionTest {

    private static Descriptor entry(int n, String platform, Map<String, String> annotations) {
        return new Descriptor(
                MediaTypes.OCI_MANIFEST,
                Digest.parse("sha256:" + String.valueOf(n).repeat(64)),
                100 * n,
                Optional.of(Platform.parse(platform)),
                annotations);
    }

    private final ImageIndex index = new ImageIndex(
            MediaTypes.OCI_INDEX,
            List.of(
                    entry(1, "linux/amd64", Map.of()),
                    entry(2, "linux/arm64/v8", Map.of()),
                    entry(3, "linux/arm/v7", Map.of()),
                    entry(4, "unknown/unknown", Map.of("vnd.docker.reference.type", "attestation-manifest"))));

    @Test
    void picksTheConfiguredPlatform() {
        assertEquals(
                List.of(index.manifests().get(0)),
                PlatformSelection.parse("linux/amd64").choose(index));
        assertEquals(
                List.of(index.manifests().get(1)),
                PlatformSelection.parse("linux/arm64").choose(index));
        assertEquals(
                List.of(index.manifests().get(1)),
                PlatformSelection.parse("linux/arm64/v8").choose(index));
        assertEquals(
                List.of(index.manifests().get(2)),
                PlatformSelection.parse("linux/arm/v7").choose(index));
    }

    @Test
    void treatsMissingArm64VariantAsV8() {
        ImageIndex plain = new ImageIndex(MediaTypes.OCI_INDEX, List.of(entry(5, "linux/arm64", Map.of())));
        assertEquals(1, PlatformSelection.parse("linux/arm64/v8").choose(plain).size());
    }

    @Test
    void weighsEveryRunnablePlatformForAllButNeverAttestations() {
        List<Descriptor> chosen = PlatformSelection.parse("all").choose(index);
        assertEquals(3, chosen.size());
        assertTrue(chosen.stream().noneMatch(d -> d.platform().get().os().equals("unknown")));
    }

    @Test
    void capsTheFanOut() {
        List<Descriptor> many = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> new Descriptor(
                        MediaTypes.OCI_MANIFEST,
                        Digest.sha256Of(new byte[] {(byte) i}),
                        1,
                        Optional.of(new Platform("linux", "arch" + i, null)),
                        Map.of()))
                .toList();
        assertEquals(
                PlatformSelection.MAX_FAN_OUT,
                PlatformSelection.parse("all")
                        .choose(new ImageIndex(MediaTypes.OCI_INDEX, many))
                        .size());
    }

    @Test
    void namesAvailablePlatformsWhenTheWantedOneIsMissing() {
        RegistryException missing = assertThrows(
                RegistryException.class,
                () -> PlatformSelection.parse("linux/s390x").choose(index));
        assertEquals(
                "no manifest for platform linux/s390x in the index; available: linux/amd64, linux/arm64/v8, linux/arm/v7",
                missing.getMessage());
    }
}
