package io.weighbridge.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** An OCI image layout in a tarball (jib's {@code TarImage} in OCI format): its manifest and layers. */
final class OciArchive {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path tarball;
    private final String manifestDigest;
    private final List<String> layerDigests;

    private OciArchive(Path tarball, String manifestDigest, List<String> layerDigests) {
        this.tarball = tarball;
        this.manifestDigest = manifestDigest;
        this.layerDigests = layerDigests;
    }

    static OciArchive read(Path tarball) throws IOException {
        Map<String, byte[]> small = new HashMap<>();
        forEachEntry(tarball, (entry, in) -> {
            if (entry.getSize() < 1 << 20) {
                small.put(entry.getName(), in.readAllBytes());
            }
        });
        JsonNode index = JSON.readTree(small.get("index.json"));
        String manifestDigest = index.path("manifests").get(0).path("digest").asText();
        JsonNode manifest = JSON.readTree(small.get(blob(manifestDigest)));
        List<String> layers = new ArrayList<>();
        manifest.path("layers").forEach(layer -> layers.add(layer.path("digest").asText()));
        return new OciArchive(tarball, manifestDigest, layers);
    }

    String manifestDigest() {
        return manifestDigest;
    }

    /** Extracts every layer, bottom first, into {@code root}, keeping the executable bits. */
    void unpackLayers(Path root) throws IOException {
        Map<String, Path> blobs = new HashMap<>();
        Path scratch = Files.createTempDirectory(root.getParent(), "oci-blobs");
        forEachEntry(tarball, (entry, in) -> {
            for (String digest : layerDigests) {
                if (entry.getName().equals(blob(digest))) {
                    Path file = scratch.resolve(digest.replace(':', '-'));
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    blobs.put(digest, file);
                }
            }
        });
        for (String digest : layerDigests) {
            try (TarArchiveInputStream layer = new TarArchiveInputStream(
                    new GZIPInputStream(new BufferedInputStream(Files.newInputStream(blobs.get(digest)))))) {
                extract(layer, root);
            }
        }
    }

    private static void extract(TarArchiveInputStream layer, Path root) throws IOException {
        TarArchiveEntry entry;
        while ((entry = layer.getNextEntry()) != null) {
            Path target = root.resolve(entry.getName()).normalize();
            if (!target.startsWith(root)) {
                throw new IOException("layer entry outside the root: " + entry.getName());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(target);
            } else if (entry.isFile()) {
                Files.createDirectories(target.getParent());
                Files.copy(layer, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(
                        target,
                        PosixFilePermissions.fromString((entry.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static String blob(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }

    private interface EntryConsumer {
        void accept(TarArchiveEntry entry, InputStream in) throws IOException;
    }

    private static void forEachEntry(Path tarball, EntryConsumer consumer) throws IOException {
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    consumer.accept(entry, tar);
                }
            }
        }
    }
}
