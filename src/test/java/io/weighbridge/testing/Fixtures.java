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
import java.util.concurrent.CompletableFuture;

/**
 * The standard registries and images every registry and admission test uses: started and pushed
 * once per JVM on first use, stopped by a shutdown hook. Do not close its registries.
 */
public final class Fixtures {
    private static final String AUTH_USER = "weighbridge";
    private static final String AUTH_PASSWORD = "fixture-password-1";
    static final String DEBIAN_ADD = "/bin/sh -c #(nop) ADD file:6d8f2a1bb1b6c2a6c7f0d1e0c1b1d1b4e6b54a2f2c1e0b9a8f7e6d5c4b3a2918 in / ";
    static final String DEBIAN_CMD = "/bin/sh -c #(nop)  CMD [\"bash\"]";
    static final String APT_GET_BUILD_ESSENTIAL = "RUN /bin/sh -c apt-get update && apt-get install -y build-essential";

    private static Fixtures instance;
    private static RuntimeException failure;

    private final Path workDirectory;
    private final TestRegistry plainRegistry;
    private final TestRegistry authRegistry;
    private final Path authFile;
    private final Duration pushDuration;
    private PushedImage alpineBase;
    private PushedImage debianBase;
    private PushedImage small;
    private PushedImage big;
    private PushedImage oci;
    private PushedImage multiArch;
    private PushedImage multiArchOci;
    private PushedImage multiArmBig;
    private PushedImage manyLayers;
    private PushedImage scratchImage;
    private PushedImage privateImage;

    /** Starts the registries and pushes every fixture on the first call; later calls answer the same set. */
    public static synchronized Fixtures get() {
        if (failure != null) {
            throw new IllegalStateException("the fixture registries failed to start earlier", failure);
        }
        if (instance == null) {
            try {
                instance = create();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return instance;
    }

    private static Fixtures create() {
        long started = System.nanoTime();
        Path workDirectory = TestRegistry.createTempDirectory("weighbridge-fixtures-");
        CompletableFuture<TestRegistry> plain = CompletableFuture.supplyAsync(TestRegistry::start);
        CompletableFuture<TestRegistry> auth = CompletableFuture.supplyAsync(
                () -> TestRegistry.startWithHtpasswd(AUTH_USER, AUTH_PASSWORD));
        Fixtures fixtures;
        try {
            fixtures = new Fixtures(workDirectory, plain.join(), auth.join(), started);
        } catch (RuntimeException e) {
            plain.thenAccept(TestRegistry::close);
            auth.thenAccept(TestRegistry::close);
            TestRegistry.deleteRecursively(workDirectory);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(fixtures::stop, "weighbridge-fixtures-stop"));
        return fixtures;
    }

    private Fixtures(Path workDirectory, TestRegistry plainRegistry, TestRegistry authRegistry, long startedNanos) {
        this.workDirectory = workDirectory;
        this.plainRegistry = plainRegistry;
        this.authRegistry = authRegistry;
        this.authFile = writeAuthFile(workDirectory.resolve("config.json"), authRegistry.hostPort());
        try {
            pushAll(new JibPusher(workDirectory), new RawImagePusher());
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        this.pushDuration = Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public TestRegistry plainRegistry() {
        return plainRegistry;
    }

    /** The htpasswd-protected registry; {@link #authUser()} and {@link #authPassword()} open it. */
    public TestRegistry authRegistry() {
        return authRegistry;
    }

    public String authUser() {
        return AUTH_USER;
    }

    public String authPassword() {
        return AUTH_PASSWORD;
    }

    /** A docker {@code config.json} holding the auth registry's credentials. */
    public Path authFile() {
        return authFile;
    }

    /** "base/alpine:3.20.3": one layer with Alpine's etc/os-release and etc/alpine-release; Docker V2.2. */
    public PushedImage alpineBase() {
        return alpineBase;
    }

    /** "base/debian:12": one layer where etc/os-release links to ../usr/lib/os-release; Docker V2.2. */
    public PushedImage debianBase() {
        return debianBase;
    }

    /** "app/small:1.0": the Alpine base layer and a 512 KiB layer; Docker V2.2. */
    public PushedImage small() {
        return small;
    }

    /** "app/big:1.0": the Debian base layer and a 6 MiB layer made by {@code apt-get install -y build-essential}. */
    public PushedImage big() {
        return big;
    }

    /** "app/oci:1.0": the Alpine base layer and a 256 KiB layer; OCI media types. */
    public PushedImage oci() {
        return oci;
    }

    /** "app/multi:1.0": a Docker manifest list, linux/amd64 ≈ 1 MiB and linux/arm64 ≈ 8 MiB. */
    public PushedImage multiArch() {
        return multiArch;
    }

    /** "app/multi-oci:1.0": the same two platforms as an OCI index over OCI manifests. */
    public PushedImage multiArchOci() {
        return multiArchOci;
    }

    /** The linux/arm64 manifest of {@link #multiArch()}, referenced by its digest. */
    public PushedImage multiArmBig() {
        return multiArmBig;
    }

    /** "app/layers:1.0": the Alpine base layer and 44 tiny layers (45 in all). */
    public PushedImage manyLayers() {
        return manyLayers;
    }

    /** "app/static:1.0": FROM scratch, one 300 KiB layer with an ELF-like binary and no os-release. */
    public PushedImage scratchImage() {
        return scratchImage;
    }

    /** "team/private:1.0" on the auth registry: the Alpine base layer and a 128 KiB layer. */
    public PushedImage privateImage() {
        return privateImage;
    }

    /** How long starting both registries and pushing every fixture took. */
    public Duration pushDuration() {
        return pushDuration;
    }

    private void pushAll(JibPusher jib, RawImagePusher raw) {
        alpineBase = pushWithJib(jib, plainRegistry, "base/alpine", "3.20.3", ManifestFormat.DOCKER, LINUX_AMD64,
                List.of(FixtureLayers.ALPINE_BASE));
        small = pushWithJib(jib, plainRegistry, "app/small", "1.0", ManifestFormat.DOCKER, LINUX_AMD64,
                List.of(FixtureLayers.ALPINE_BASE, FixtureLayers.SMALL_APP));
        oci = pushWithJib(jib, plainRegistry, "app/oci", "1.0", ManifestFormat.OCI, LINUX_AMD64,
                List.of(FixtureLayers.ALPINE_BASE, FixtureLayers.OCI_APP));
        List<LayerContent> many = new ArrayList<>(List.of(FixtureLayers.ALPINE_BASE));
        many.addAll(FixtureLayers.TINY_LAYERS);
        manyLayers = pushWithJib(jib, plainRegistry, "app/layers", "1.0", ManifestFormat.DOCKER, LINUX_AMD64, many);
        scratchImage = pushWithJib(jib, plainRegistry, "app/static", "1.0", ManifestFormat.DOCKER, LINUX_AMD64,
                List.of(FixtureLayers.STATIC_BINARY));
        privateImage = pushWithJib(jib, authRegistry, "team/private", "1.0", ManifestFormat.DOCKER, LINUX_AMD64,
                List.of(FixtureLayers.ALPINE_BASE, FixtureLayers.PRIVATE_APP));

        BuildStep debianLayer = BuildStep.layer(DEBIAN_ADD, FixtureLayers.DEBIAN_BASE);
        BuildStep debianCmd = BuildStep.configOnly(DEBIAN_CMD);
        debianBase = pushRaw(raw, "base/debian", "12", List.of(debianLayer, debianCmd));
        big = pushRaw(raw, "app/big", "1.0", List.of(debianLayer, debianCmd,
                BuildStep.configOnly("ENV DEBIAN_FRONTEND=noninteractive"),
                BuildStep.layer(APT_GET_BUILD_ESSENTIAL, FixtureLayers.BUILD_ESSENTIAL)));

        multiArch = pushMultiArch(jib, raw, "app/multi", ManifestFormat.DOCKER);
        String armDigest = ImageReadback.platformDigest(plainRegistry.api().manifest("app/multi", "1.0"), LINUX_ARM64);
        multiArmBig = ImageReadback.manifest(plainRegistry, "app/multi", armDigest, ManifestFormat.DOCKER.manifestType,
                armDigest);
        multiArchOci = pushMultiArch(jib, raw, "app/multi-oci", ManifestFormat.OCI);
    }

    private static PushedImage pushWithJib(JibPusher jib, TestRegistry registry, String repository, String tag,
            ManifestFormat format, FixturePlatform platform, List<LayerContent> layers) {
        String digest = jib.push(registry, repository + ":" + tag, format, platform, layers);
        return ImageReadback.manifest(registry, repository, tag, format.manifestType, digest);
    }

    private PushedImage pushRaw(RawImagePusher raw, String repository, String tag, List<BuildStep> steps) {
        String digest = raw.pushImage(plainRegistry, repository, tag, ManifestFormat.DOCKER, LINUX_AMD64, steps);
        return ImageReadback.manifest(plainRegistry, repository, tag, ManifestFormat.DOCKER.manifestType, digest);
    }

    /** Two single-platform images pushed by jib under their own tags, then the index over them. */
    private PushedImage pushMultiArch(JibPusher jib, RawImagePusher raw, String repository, ManifestFormat format) {
        List<PlatformManifest> platforms = List.of(
                platformImage(jib, repository, format, LINUX_AMD64, FixtureLayers.MULTI_AMD64_APP),
                platformImage(jib, repository, format, LINUX_ARM64, FixtureLayers.MULTI_ARM64_APP));
        String digest = raw.pushIndex(plainRegistry, repository, "1.0", format, platforms);
        return ImageReadback.index(plainRegistry, repository, "1.0", format.indexType, digest);
    }

    private PlatformManifest platformImage(JibPusher jib, String repository, ManifestFormat format,
            FixturePlatform platform, LayerContent app) {
        String tag = "1.0-" + platform.os() + "-" + platform.architecture();
        PushedImage image = pushWithJib(jib, plainRegistry, repository, tag, format, platform,
                List.of(FixtureLayers.ALPINE_BASE, app));
        return new PlatformManifest(plainRegistry.api().manifest(repository, image.digest()), platform);
    }

    private static Path writeAuthFile(Path file, String hostPort) {
        String auth = Base64.getEncoder().encodeToString((AUTH_USER + ":" + AUTH_PASSWORD).getBytes(StandardCharsets.UTF_8));
        String json = "{\"auths\":{\"" + hostPort + "\":{\"auth\":\"" + auth + "\"}}}\n";
        try {
            return Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        plainRegistry.close();
        authRegistry.close();
        TestRegistry.deleteRecursively(workDirectory);
    }
}
