package io.weighbridge.testing;

import static io.weighbridge.testing.FixturePlatform.LINUX_AMD64;
import static io.weighbridge.testing.FixturePlatform.LINUX_ARM64;

import io.weighbridge.testing.RawImagePusher.BuildStep;
import io.weighbridge.testing.RawImagePusher.PlatformManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Starts the two fixture registries and pushes the standard images into them. */
final class FixtureSetup {
    static final String DEBIAN_ADD =
            "/bin/sh -c #(nop) ADD file:6d8f2a1bb1b6c2a6c7f0d1e0c1b1d1b4e6b54a2f2c1e0b9a8f7e6d5c4b3a2918 in / ";
    static final String DEBIAN_CMD = "/bin/sh -c #(nop)  CMD [\"bash\"]";
    static final String APT_GET_BUILD_ESSENTIAL = "RUN /bin/sh -c apt-get update && apt-get install -y build-essential";

    private final TestRegistry plainRegistry;
    private final TestRegistry authRegistry;
    private final JibPusher jib;
    private final RawImagePusher raw = new RawImagePusher();
    private final Map<FixtureImage, PushedImage> images = new ConcurrentHashMap<>();

    private FixtureSetup(Path workDirectory, TestRegistry plainRegistry, TestRegistry authRegistry) {
        this.plainRegistry = plainRegistry;
        this.authRegistry = authRegistry;
        this.jib = new JibPusher(workDirectory);
    }

    /** Starts, pushes, verifies, and registers the shutdown hook that stops it all. */
    static Fixtures startAndPush() {
        long started = System.nanoTime();
        Path workDirectory = TempDirectories.create("weighbridge-fixtures-");
        CompletableFuture<TestRegistry> plain = CompletableFuture.supplyAsync(() -> TestRegistry.startShared(null));
        CompletableFuture<TestRegistry> auth = CompletableFuture.supplyAsync(() ->
                TestRegistry.startShared(new TestRegistry.Credentials(Fixtures.AUTH_USER, Fixtures.AUTH_PASSWORD)));
        Runnable stop = () -> {
            plain.thenAccept(TestRegistry::stop);
            auth.thenAccept(TestRegistry::stop);
            TempDirectories.delete(workDirectory);
        };
        try {
            FixtureSetup setup = new FixtureSetup(workDirectory, join(plain), join(auth));
            setup.pushAll();
            Path authFile = writeAuthFile(workDirectory.resolve("config.json"), setup.authRegistry.hostPort());
            Fixtures fixtures = new Fixtures(
                    setup.plainRegistry,
                    setup.authRegistry,
                    authFile,
                    setup.images,
                    Duration.ofNanos(System.nanoTime() - started));
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "weighbridge-fixtures-stop"));
            return fixtures;
        } catch (RuntimeException e) {
            plain.exceptionally(ignored -> null).join();
            auth.exceptionally(ignored -> null).join();
            stop.run();
            throw e;
        }
    }

    /** Independent groups of images are pushed side by side; images within a group one after another. */
    private void pushAll() {
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "weighbridge-fixtures-push");
            thread.setDaemon(true);
            return thread;
        });
        try {
            join(CompletableFuture.allOf(
                    CompletableFuture.runAsync(this::pushAlpineFamily, executor),
                    CompletableFuture.runAsync(this::pushManyLayers, executor),
                    CompletableFuture.runAsync(this::pushDebianFamilyAndPrivate, executor),
                    CompletableFuture.runAsync(this::pushMultiArch, executor)));
        } finally {
            executor.shutdownNow();
        }
    }

    private void pushAlpineFamily() {
        jibImage(FixtureImage.ALPINE_BASE, "base/alpine", "3.20.3", ManifestFormat.DOCKER, FixtureLayers.ALPINE_BASE);
        jibImage(
                FixtureImage.SMALL,
                "app/small",
                "1.0",
                ManifestFormat.DOCKER,
                FixtureLayers.ALPINE_BASE,
                FixtureLayers.SMALL_APP);
        jibImage(
                FixtureImage.OCI,
                "app/oci",
                "1.0",
                ManifestFormat.OCI,
                FixtureLayers.ALPINE_BASE,
                FixtureLayers.OCI_APP);
        jibImage(FixtureImage.SCRATCH, "app/static", "1.0", ManifestFormat.DOCKER, FixtureLayers.STATIC_BINARY);
    }

    private void pushManyLayers() {
        List<LayerContent> layers = new ArrayList<>(List.of(FixtureLayers.ALPINE_BASE));
        layers.addAll(FixtureLayers.TINY_LAYERS);
        jibImage(
                FixtureImage.MANY_LAYERS,
                "app/layers",
                "1.0",
                ManifestFormat.DOCKER,
                layers.toArray(LayerContent[]::new));
    }

    private void pushDebianFamilyAndPrivate() {
        BuildStep debianLayer = BuildStep.layer(DEBIAN_ADD, FixtureLayers.DEBIAN_BASE);
        BuildStep debianCmd = BuildStep.configOnly(DEBIAN_CMD);
        rawImage(FixtureImage.DEBIAN_BASE, "base/debian", "12", List.of(debianLayer, debianCmd));
        rawImage(
                FixtureImage.BIG,
                "app/big",
                "1.0",
                List.of(
                        debianLayer,
                        debianCmd,
                        BuildStep.configOnly("ENV DEBIAN_FRONTEND=noninteractive"),
                        BuildStep.layer(APT_GET_BUILD_ESSENTIAL, FixtureLayers.BUILD_ESSENTIAL)));
        String digest = jib.push(
                authRegistry,
                "team/private:1.0",
                ManifestFormat.DOCKER,
                LINUX_AMD64,
                List.of(FixtureLayers.ALPINE_BASE, FixtureLayers.PRIVATE_APP));
        images.put(
                FixtureImage.PRIVATE,
                ImageReadback.manifest(
                        authRegistry, "team/private", "1.0", ManifestFormat.DOCKER.manifestType, digest));
    }

    private void pushMultiArch() {
        images.put(FixtureImage.MULTI_ARCH, index("app/multi", ManifestFormat.DOCKER));
        String armDigest = ImageReadback.platformDigest(plainRegistry.api().manifest("app/multi", "1.0"), LINUX_ARM64);
        images.put(
                FixtureImage.MULTI_ARM_BIG,
                ImageReadback.manifest(
                        plainRegistry, "app/multi", armDigest, ManifestFormat.DOCKER.manifestType, armDigest));
        images.put(FixtureImage.MULTI_ARCH_OCI, index("app/multi-oci", ManifestFormat.OCI));
    }

    private void jibImage(
            FixtureImage name, String repository, String tag, ManifestFormat format, LayerContent... layers) {
        images.put(name, platformImage(repository, tag, format, LINUX_AMD64, List.of(layers)));
    }

    private PushedImage platformImage(
            String repository, String tag, ManifestFormat format, FixturePlatform platform, List<LayerContent> layers) {
        String digest = jib.push(plainRegistry, repository + ":" + tag, format, platform, layers);
        return ImageReadback.manifest(plainRegistry, repository, tag, format.manifestType, digest);
    }

    private void rawImage(FixtureImage name, String repository, String tag, List<BuildStep> steps) {
        String digest = raw.pushImage(plainRegistry, repository, tag, ManifestFormat.DOCKER, LINUX_AMD64, steps);
        images.put(
                name,
                ImageReadback.manifest(plainRegistry, repository, tag, ManifestFormat.DOCKER.manifestType, digest));
    }

    /** Two single-platform images pushed by jib under their own tags, then the index over them. */
    private PushedImage index(String repository, ManifestFormat format) {
        List<PlatformManifest> platforms = List.of(
                platformManifest(repository, format, LINUX_AMD64, FixtureLayers.MULTI_AMD64_APP),
                platformManifest(repository, format, LINUX_ARM64, FixtureLayers.MULTI_ARM64_APP));
        String digest = raw.pushIndex(plainRegistry, repository, "1.0", format, platforms);
        return ImageReadback.index(plainRegistry, repository, "1.0", format.indexType, digest);
    }

    private PlatformManifest platformManifest(
            String repository, ManifestFormat format, FixturePlatform platform, LayerContent app) {
        String tag = "1.0-" + platform.os() + "-" + platform.architecture();
        PushedImage image = platformImage(repository, tag, format, platform, List.of(FixtureLayers.ALPINE_BASE, app));
        return new PlatformManifest(plainRegistry.api().manifest(repository, image.digest()), platform);
    }

    private static Path writeAuthFile(Path file, String hostPort) {
        String auth = Base64.getEncoder()
                .encodeToString((Fixtures.AUTH_USER + ":" + Fixtures.AUTH_PASSWORD).getBytes(StandardCharsets.UTF_8));
        String json = "{\"auths\":{\"" + hostPort + "\":{\"auth\":\"" + auth + "\"}}}\n";
        try {
            return Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
