package io.weighbridge.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Builds single-platform images from scratch with jib-core's public API and pushes them. */
final class JibPusher {
    private static final String SEND_CREDENTIALS_OVER_HTTP = "sendCredentialsOverHttp";
    private static final Object CREDENTIALS_PROPERTY_LOCK = new Object();
    private static final Instant MODIFIED = Instant.parse("2024-09-06T12:00:00Z");

    private final Path sources;
    private final Path cache;

    JibPusher(Path workDirectory) {
        this.sources = workDirectory.resolve("layer-sources");
        // Our own caches: jib's default (~/.cache) is shared with whoever else runs jib on this machine.
        this.cache = workDirectory.resolve("jib-cache");
    }

    /** Pushes an image of these layers and answers the manifest digest jib reports. */
    String push(
            TestRegistry registry,
            String repositoryAndTag,
            ManifestFormat format,
            FixturePlatform platform,
            List<LayerContent> layers) {
        JibContainerBuilder builder = Jib.fromScratch()
                .setFormat(format.jibFormat)
                .setPlatforms(Set.of(platform.toJib()))
                .setCreationTime(Instant.EPOCH);
        layers.forEach(layer -> builder.addFileEntriesLayer(toJibLayer(layer)));
        String reference = registry.hostPort() + "/" + repositoryAndTag;
        RegistryImage target = RegistryImage.named(jibReference(reference));
        if (registry.requiresAuth()) {
            TestRegistry.Credentials credentials = registry.credentials();
            target.addCredential(credentials.user(), credentials.password());
        }
        Containerizer containerizer = Containerizer.to(target)
                .setAllowInsecureRegistries(true)
                .setToolName("weighbridge-test-fixtures")
                // One cache per image, so that pushes running side by side never share cache files.
                .setBaseImageLayersCache(
                        cache.resolve(safeName(repositoryAndTag)).resolve("base"))
                .setApplicationLayersCache(
                        cache.resolve(safeName(repositoryAndTag)).resolve("application"));
        return containerize(builder, containerizer, reference, registry.requiresAuth())
                .getDigest()
                .toString();
    }

    private static JibContainer containerize(
            JibContainerBuilder builder, Containerizer containerizer, String reference, boolean sendsCredentials) {
        try {
            return sendsCredentials
                    ? containerizeSendingCredentialsOverHttp(builder, containerizer)
                    : builder.containerize(containerizer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing " + reference, e);
        } catch (Exception e) {
            throw new IllegalStateException("jib could not push " + reference, e);
        }
    }

    /**
     * jib refuses to send credentials over plain HTTP unless a JVM-wide system property says so.
     * It is set only for the push and restored after, so that the code under test does not
     * inherit a permission it would not have in production.
     */
    private static JibContainer containerizeSendingCredentialsOverHttp(
            JibContainerBuilder builder, Containerizer containerizer) throws Exception {
        synchronized (CREDENTIALS_PROPERTY_LOCK) {
            String previous = System.getProperty(SEND_CREDENTIALS_OVER_HTTP);
            System.setProperty(SEND_CREDENTIALS_OVER_HTTP, "true");
            try {
                return builder.containerize(containerizer);
            } finally {
                if (previous == null) {
                    System.clearProperty(SEND_CREDENTIALS_OVER_HTTP);
                } else {
                    System.setProperty(SEND_CREDENTIALS_OVER_HTTP, previous);
                }
            }
        }
    }

    private static String safeName(String repositoryAndTag) {
        return repositoryAndTag.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    private static ImageReference jibReference(String reference) {
        try {
            return ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            throw new IllegalArgumentException(reference, e);
        }
    }

    private FileEntriesLayer toJibLayer(LayerContent layer) {
        if (layer.hasSymlinks()) {
            throw new IllegalArgumentException("jib-core cannot put symlinks in a layer: " + layer.name());
        }
        FileEntriesLayer.Builder jibLayer = FileEntriesLayer.builder().setName(layer.name());
        for (LayerContent.Entry entry : layer.entries()) {
            LayerContent.RegularFile file = (LayerContent.RegularFile) entry;
            Path source = sources.resolve(layer.name()).resolve(file.path());
            writeOnce(source, file.content());
            jibLayer.addEntry(
                    source,
                    AbsoluteUnixPath.get("/" + file.path()),
                    FilePermissions.fromOctalString(String.format("%03o", file.mode())),
                    MODIFIED);
        }
        return jibLayer.build();
    }

    /** Synchronized: a parallel push must not find a source file that is still being written. */
    private synchronized void writeOnce(Path file, byte[] content) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.write(file, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
