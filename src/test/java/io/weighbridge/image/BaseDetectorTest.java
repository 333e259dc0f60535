package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BaseDetectorTest {
    private final Map<Digest, byte[]> blobs = new HashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final BaseDetector detector = new BaseDetector(1024 * 1024, Duration.ofSeconds(10));

    @AfterEach
    void stop() {
        detector.close();
    }

    /** name → content; a content starting with "->" makes a symlink to the rest. */
    private Layer layer(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                if (file.getValue().startsWith("->")) {
                    TarArchiveEntry link = new TarArchiveEntry(file.getKey(), TarArchiveEntry.LF_SYMLINK);
                    link.setLinkName(file.getValue().substring(2));
                    tar.putArchiveEntry(link);
                } else {
                    byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                    entry.setSize(content.length);
                    tar.putArchiveEntry(entry);
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            }
        }
        byte[] blob = bytes.toByteArray();
        Digest digest = Digest.sha256Of(blob);
        blobs.put(digest, blob);
        return new Layer(digest, blob.length, "application/vnd.oci.image.layer.v1.tar+gzip", null);
    }

    private BaseImage detect(List<Layer> layers) {
        return detector.detect("registry.test", layers, (digest, deadline) -> {
                    opened.incrementAndGet();
                    return new ByteArrayInputStream(blobs.get(digest));
                })
                .join();
    }

    @Test
    void readsDebianOsRelease() throws IOException {
        Layer debian = layer(Map.of(
                "etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n"));
        assertEquals(new BaseImage("debian", "12"), detect(List.of(debian)));
    }

    @Test
    void followsTheUsualSymlinkToUsrLibOsRelease() throws IOException {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("./etc/os-release", "->../usr/lib/os-release");
        files.put("./usr/lib/os-release", "ID=ubuntu\nVERSION_ID=\"24.04\"\n");
        assertEquals(new BaseImage("ubuntu", "24.04"), detect(List.of(layer(files))));
    }

    @Test
    void recognisesAlpineByItsReleaseFileAlone() throws IOException {
        assertEquals(
                new BaseImage("alpine", "3.20.3"), detect(List.of(layer(Map.of("etc/alpine-release", "3.20.3\n")))));
    }

    @Test
    void recognisesDistroless() throws IOException {
        Layer distroless = layer(
                Map.of(
                        "etc/os-release",
                        "PRETTY_NAME=\"Distroless\"\nNAME=\"Debian GNU/Linux\"\nID=\"debian\"\nVERSION_ID=\"12\"\nHOME_URL=\"https://github.com/GoogleContainerTools/distroless\"\n"));
        assertEquals("distroless", detect(List.of(distroless)).distribution());
    }

    @Test
    void callsAnImageWithoutDistributionMarkersScratch() throws IOException {
        assertEquals(
                BaseImage.SCRATCH,
                detect(List.of(layer(Map.of("app", "binary")), layer(Map.of("config.yaml", "a: b")))));
        assertEquals(BaseImage.SCRATCH, detect(List.of()));
    }

    @Test
    void saysUnknownWhenLayersAboveTheBottomThreeWereNotRead() throws IOException {
        List<Layer> four = List.of(
                layer(Map.of("a", "1")), layer(Map.of("b", "2")), layer(Map.of("c", "3")), layer(Map.of("d", "4")));
        assertEquals(BaseImage.UNKNOWN, detect(four));
    }

    @Test
    void stopsAtTheByteCapWithUnknown() throws IOException {
        byte[] noise = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(noise);
        Layer big = layer(
                Map.of("blob.bin", new String(noise, StandardCharsets.ISO_8859_1), "zz/etc/os-release", "ID=debian"));
        assertEquals(BaseImage.UNKNOWN, detect(List.of(big)));
    }

    @Test
    void saysUnknownForUnreadableLayers() throws IOException {
        Layer garbage = new Layer(Digest.sha256Of(new byte[] {9}), 3, "x", null);
        blobs.put(Digest.sha256Of(new byte[] {9}), new byte[] {0x1f, (byte) 0x8b, 0});
        assertEquals(BaseImage.UNKNOWN, detect(List.of(garbage)));
    }

    @Test
    void cachesByLayerDigest() throws IOException {
        List<Layer> layers = List.of(layer(Map.of("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n")));
        detect(layers);
        detect(layers);
        assertEquals(1, opened.get());
    }

    @Test
    void aNewImageOnABaseLayerReadBeforeIsToldWithoutOpeningALayer() throws IOException {
        Layer alpine = layer(Map.of("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n"));
        detect(List.of(alpine, layer(Map.of("app", "one"))));
        assertEquals(1, opened.get());

        BaseImage base = detect(List.of(alpine, layer(Map.of("app", "two")), layer(Map.of("app", "three"))));
        assertEquals(new BaseImage("alpine", "3.20.3"), base);
        assertEquals(1, opened.get(), "the marker of the shared bottom layer was remembered by its digest");
    }

    @Test
    void aLayerKnownToHoldNoMarkerIsNotReadAgain() throws IOException {
        Layer tools = layer(Map.of("usr/bin/tool", "x"));
        Layer debian = layer(Map.of("etc/os-release", "ID=debian\nVERSION_ID=12\n"));
        detect(List.of(tools, debian));
        assertEquals(2, opened.get());

        Layer otherDebian = layer(Map.of("etc/os-release", "ID=debian\nVERSION_ID=13\n"));
        assertEquals(new BaseImage("debian", "13"), detect(List.of(tools, otherDebian)));
        assertEquals(3, opened.get(), "only the new layer was read");
        assertEquals(BaseImage.SCRATCH, detect(List.of(tools)));
        assertEquals(3, opened.get(), "an image of one known markerless layer is scratch without a read");
    }

    @Test
    void stopsReadingOnceTheBaseIsKnown() throws IOException {
        Layer first = layer(Map.of("etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n"));
        Layer second = layer(Map.of("x", "y"));
        assertEquals(new BaseImage("alpine", "3.20.3"), detect(List.of(first, second)));
        assertEquals(1, opened.get());
    }

    @Test
    void neverFailsEvenWhenTheSourceThrows() {
        Layer missing = new Layer(Digest.sha256Of(new byte[] {7}), 3, "x", null);
        BaseImage base = detector.detect("registry.test", List.of(missing), (digest, deadline) -> {
                    throw new IOException("HTTP 404");
                })
                .join();
        assertEquals(BaseImage.UNKNOWN, base);
    }

    @SuppressWarnings("unused")
    private static InputStream unused() {
        return InputStream.nullInputStream();
    }
}
