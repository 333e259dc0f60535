package io.weighbridge.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The standard registries and images every registry and admission test uses: started and pushed
 * once per JVM on first use (even across Quarkus' class loaders), stopped by a shutdown hook.
 * Its registries are shared: closing them is refused.
 */
public final class Fixtures {
    static final String AUTH_USER = "weighbridge";
    static final String AUTH_PASSWORD = "fixture-password-1";

    private static Fixtures instance;
    private static RuntimeException failure;

    private final TestRegistry plainRegistry;
    private final TestRegistry authRegistry;
    private final Path authFile;
    private final Map<FixtureImage, PushedImage> images;
    private final Duration pushDuration;

    Fixtures(
            TestRegistry plainRegistry,
            TestRegistry authRegistry,
            Path authFile,
            Map<FixtureImage, PushedImage> images,
            Duration pushDuration) {
        this.plainRegistry = plainRegistry;
        this.authRegistry = authRegistry;
        this.authFile = authFile;
        this.images = new EnumMap<>(images);
        this.pushDuration = pushDuration;
        for (FixtureImage name : FixtureImage.values()) {
            if (!this.images.containsKey(name)) {
                throw new IllegalStateException("fixture " + name + " was not pushed");
            }
        }
    }

    /** Starts the registries and pushes every fixture on the first call; later calls answer the same set. */
    public static synchronized Fixtures get() {
        if (failure != null) {
            throw new IllegalStateException(
                    "the fixture registries failed to start earlier: " + failure.getMessage(), failure);
        }
        if (instance == null) {
            try {
                instance = JvmWideFixtures.obtain();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return instance;
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
        return images.get(FixtureImage.ALPINE_BASE);
    }

    /** "base/debian:12": one layer where etc/os-release links to ../usr/lib/os-release; Docker V2.2. */
    public PushedImage debianBase() {
        return images.get(FixtureImage.DEBIAN_BASE);
    }

    /** "app/small:1.0": the Alpine base layer and a 512 KiB layer; Docker V2.2. */
    public PushedImage small() {
        return images.get(FixtureImage.SMALL);
    }

    /** "app/big:1.0": the Debian base layer and a 6 MiB layer made by {@code apt-get install -y build-essential}. */
    public PushedImage big() {
        return images.get(FixtureImage.BIG);
    }

    /** "app/oci:1.0": the Alpine base layer and a 256 KiB layer; OCI media types. */
    public PushedImage oci() {
        return images.get(FixtureImage.OCI);
    }

    /** "app/multi:1.0": a Docker manifest list, linux/amd64 ≈ 1 MiB and linux/arm64 ≈ 8 MiB. */
    public PushedImage multiArch() {
        return images.get(FixtureImage.MULTI_ARCH);
    }

    /** "app/multi-oci:1.0": the same two platforms as an OCI index over OCI manifests. */
    public PushedImage multiArchOci() {
        return images.get(FixtureImage.MULTI_ARCH_OCI);
    }

    /** The linux/arm64 manifest of {@link #multiArch()}, referenced by its digest. */
    public PushedImage multiArmBig() {
        return images.get(FixtureImage.MULTI_ARM_BIG);
    }

    /**
     * The manifest for {@code os/architecture} inside {@link #multiArch()} or {@link #multiArchOci()},
     * read back from the registry and measured like every other fixture.
     */
    public PushedImage platformManifest(PushedImage index, String platform) {
        String[] osAndArchitecture = platform.split("/");
        return ImageReadback.platformManifest(
                plainRegistry, index, new FixturePlatform(osAndArchitecture[0], osAndArchitecture[1]));
    }

    /** "app/layers:1.0": the Alpine base layer and 44 tiny layers (45 in all). */
    public PushedImage manyLayers() {
        return images.get(FixtureImage.MANY_LAYERS);
    }

    /** "app/static:1.0": FROM scratch, one 300 KiB layer with an ELF-like binary and no os-release. */
    public PushedImage scratchImage() {
        return images.get(FixtureImage.SCRATCH);
    }

    /** "team/private:1.0" on the auth registry: the Alpine base layer and a 128 KiB layer. */
    public PushedImage privateImage() {
        return images.get(FixtureImage.PRIVATE);
    }

    /** How long starting both registries and pushing every fixture took. */
    public Duration pushDuration() {
        return pushDuration;
    }

    Map<FixtureImage, PushedImage> images() {
        return images;
    }
}
