package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.PushedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The weigher against the real registry (Debian's docker-registry) and the fixture images: every
 * expected value comes from what the harness read back after pushing ({@link PushedImage}).
 */
class RegistryImageWeigherIT {
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private static Fixtures fixtures;
    private static Vertx vertx;
    private final List<RegistryImageWeigher> weighers = new ArrayList<>();

    @BeforeAll
    static void startRegistries() {
        fixtures = Fixtures.get();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void closeWeighers() {
        weighers.forEach(RegistryImageWeigher::close);
    }

    /** What a weighing is judged by; {@code PushedImage} and {@code ImageWeight} both reduce to it. */
    record Scale(String digest, long sizeBytes, int layers, long largestLayerBytes, String platform) {
        static Scale of(PushedImage image) {
            return new Scale(
                    image.digest(), image.sizeBytes(), image.layerCount(), image.largestLayerBytes(), image.platform());
        }

        static Scale of(ImageWeight weight) {
            return new Scale(
                    weight.digest().toString(),
                    weight.sizeBytes(),
                    weight.layers().size(),
                    weight.largestLayer().map(Layer::sizeBytes).orElse(0L),
                    weight.platform());
        }

        /** The scale of a platform manifest reported under the index that lists it. */
        Scale under(PushedImage index) {
            return new Scale(index.digest(), sizeBytes, layers, largestLayerBytes, platform);
        }
    }

    static Stream<Arguments> everyFixtureByTagAndByDigest() {
        Fixtures f = Fixtures.get();
        List<PushedImage> images = List.of(
                f.alpineBase(),
                f.debianBase(),
                f.small(),
                f.big(),
                f.oci(),
                f.multiArch(),
                f.multiArchOci(),
                f.multiArmBig(),
                f.manyLayers(),
                f.scratchImage());
        return images.stream().flatMap(image -> {
            ImageReference pushed = image.reference();
            ImageReference byDigest = new ImageReference(pushed.registry(), pushed.repository(), null, image.digest());
            Stream<ImageReference> forms = pushed.tag() == null
                    ? Stream.of(byDigest)
                    : Stream.of(
                            pushed,
                            byDigest,
                            new ImageReference(pushed.registry(), pushed.repository(), pushed.tag(), image.digest()));
            return forms.map(reference -> Arguments.of(reference.toString(), image));
        });
    }

    @ParameterizedTest(name = "{0} weighs what was pushed")
    @MethodSource("everyFixtureByTagAndByDigest")
    void eachFixtureWeighsWhatWasPushed(String reference, PushedImage pushed) {
        ImageReference parsed = ImageReference.parse(reference);
        ImageWeight weight = weigh(weigher(), parsed);
        assertEquals(Scale.of(pushed), Scale.of(weight));
        assertEquals(parsed, weight.reference());
    }

    static Stream<Arguments> layerMediaTypes() {
        Fixtures f = Fixtures.get();
        return Stream.of(
                Arguments.of("Docker manifest", f.small(), io.weighbridge.testing.MediaTypes.DOCKER_LAYER),
                Arguments.of("OCI manifest", f.oci(), io.weighbridge.testing.MediaTypes.OCI_LAYER),
                Arguments.of("Docker manifest list", f.multiArch(), io.weighbridge.testing.MediaTypes.DOCKER_LAYER),
                Arguments.of("OCI index", f.multiArchOci(), io.weighbridge.testing.MediaTypes.OCI_LAYER));
    }

    @ParameterizedTest(name = "a {0} is weighed with its own layer media type")
    @MethodSource("layerMediaTypes")
    void dockerAndOciImagesKeepTheirLayerMediaTypes(String kind, PushedImage image, String layerMediaType) {
        ImageWeight weight = weigh(weigher(), image.reference());
        assertEquals(Scale.of(image), Scale.of(weight));
        assertEquals(
                List.of(layerMediaType),
                weight.layers().stream().map(Layer::mediaType).distinct().toList());
    }

    static Stream<Arguments> platformChoices() {
        Fixtures f = Fixtures.get();
        return Stream.of(f.multiArch(), f.multiArchOci()).flatMap(index -> {
            PushedImage amd64 = f.platformManifest(index, "linux/amd64");
            PushedImage arm64 = f.platformManifest(index, "linux/arm64");
            PushedImage largest = Stream.of(amd64, arm64)
                    .max(Comparator.comparingLong(PushedImage::sizeBytes))
                    .orElseThrow();
            String kind = index == f.multiArch() ? "Docker manifest list" : "OCI index";
            return Stream.of(
                    Arguments.of(kind, "linux/amd64", index, amd64),
                    Arguments.of(kind, "linux/arm64", index, arm64),
                    Arguments.of(kind, "all", index, largest));
        });
    }

    @ParameterizedTest(name = "a {0} weighed for platform {1} reports that platform's size under the index digest")
    @MethodSource("platformChoices")
    void multiArchImagesAreWeighedForTheConfiguredPlatform(
            String kind, String platform, PushedImage index, PushedImage expected) {
        ImageWeight weight = weigh(weigher(config().withPlatform(platform)), index.reference());
        assertEquals(Scale.of(expected).under(index), Scale.of(weight));
    }

    @Test
    void aPodsPinnedPlatformIsWeighedInsteadOfTheConfiguredOneAndEachPlatformKeepsItsOwnCachedWeight() {
        PushedImage index = fixtures.multiArch();
        PushedImage amd64 = fixtures.platformManifest(index, "linux/amd64");
        PushedImage arm64 = fixtures.platformManifest(index, "linux/arm64");
        RegistryImageWeigher weigher = weigher();
        PlatformPin pinnedArm = new PlatformPin(null, "arm64", "nodeSelector");

        ImageWeight unpinned = weigh(weigher, index.reference());
        ImageWeight pinned = weigher.weigh(
                        index.reference(), new WeighingContext(Deadline.in(GENEROUS), "default", null, null, pinnedArm))
                .join();
        ImageWeight unpinnedAgain = weigh(weigher, index.reference());

        assertEquals(Scale.of(amd64).under(index), Scale.of(unpinned));
        assertEquals(Scale.of(arm64).under(index), Scale.of(pinned));
        assertEquals(
                Scale.of(amd64).under(index),
                Scale.of(unpinnedAgain),
                "the arm64 weight is not the amd64 one's cache entry");
        // A pin to a platform the index lacks says so, and which platforms it has.
        String missing = failureOf(weigher, index.reference(), new PlatformPin("windows", "amd64", "nodeSelector"));
        assertTrue(
                missing.contains(
                        "no manifest for platform windows/amd64 in the index; available: linux/amd64, linux/arm64"),
                missing);
    }

    @Test
    void theDefaultPlatformIsLinuxAmd64AndMatchesTheHarnessMeasureOfTheIndex() {
        PushedImage index = fixtures.multiArchOci();
        assertEquals("linux/amd64", TestRegistryConfig.forLocal("unused").platform());
        assertEquals(Scale.of(index), Scale.of(weigh(weigher(), index.reference())));
    }

    static Stream<Arguments> bases() {
        Fixtures f = Fixtures.get();
        BaseImage alpine = new BaseImage("alpine", "3.20.3");
        BaseImage debian = new BaseImage("debian", "12");
        return Stream.of(
                Arguments.of(f.alpineBase(), alpine),
                Arguments.of(f.small(), alpine),
                Arguments.of(f.oci(), alpine),
                Arguments.of(f.manyLayers(), alpine),
                Arguments.of(f.debianBase(), debian),
                Arguments.of(f.big(), debian),
                Arguments.of(f.scratchImage(), BaseImage.SCRATCH));
    }

    @ParameterizedTest(name = "{0} is built on {1}")
    @MethodSource("bases")
    void theBaseIsReadFromTheBottomLayers(PushedImage image, BaseImage base) {
        assertEquals(base, weigh(weigher(), image.reference()).base());
    }

    /** A warm weighing allocates no weight of its own: the cached weight, with its base, is the answer itself. */
    @ParameterizedTest(name = "{0}, built on {1}, is answered warm by its cached weight itself")
    @MethodSource("bases")
    void aWarmWeighingAnswersTheCachedWeightItself(PushedImage image, BaseImage base) {
        RegistryImageWeigher weigher = weigher();
        ImageWeight cold = weigh(weigher, image.reference());
        ImageWeight warm = weigh(weigher, image.reference());
        assertEquals(base, warm.base());
        assertEquals(cold, warm);
        assertSame(warm, weigh(weigher, image.reference()));
    }

    @Test
    void theLargestLayerOfBigNamesTheAptGetLineThatMadeIt() {
        ImageWeight weight = weigh(weigher(), fixtures.big().reference());
        Layer largest = weight.largestLayer().orElseThrow();
        assertEquals(fixtures.big().largestLayerBytes(), largest.sizeBytes());
        assertEquals("RUN apt-get update && apt-get install -y build-essential", largest.createdBy());
    }

    @Test
    void aPrivateImageIsWeighedWithTheAuthFileCredentials() {
        PushedImage image = fixtures.privateImage();
        RegistryImageWeigher withAuthFile = register(RegistryImageWeigher.builder(
                        vertx,
                        TestRegistryConfig.forLocal(fixtures.authRegistry().hostPort())
                                .withAuthFile(fixtures.authFile()))
                .build());
        assertEquals(Scale.of(image), Scale.of(weigh(withAuthFile, image.reference())));
    }

    @Test
    void aPrivateImageWithoutCredentialsFailsWithOneLineNamingTheImageAndTheRefusal() {
        PushedImage image = fixtures.privateImage();
        RegistryImageWeigher anonymous =
                weigher(TestRegistryConfig.forLocal(fixtures.authRegistry().hostPort()));
        String message = failureOf(anonymous, image.reference());
        assertEquals(
                "cannot weigh " + image.reference() + ": HTTP 401: the registry wants credentials and none are"
                        + " configured for " + fixtures.authRegistry().hostPort(),
                message);
        assertNoSecretIn(message);
    }

    @Test
    void wrongCredentialsFailWithoutEchoingThem() {
        PushedImage image = fixtures.privateImage();
        Credential wrong = new Credential("test:wrong", "weighbridge", "not-the-password");
        RegistryImageWeigher refused = register(RegistryImageWeigher.builder(
                        vertx,
                        TestRegistryConfig.forLocal(fixtures.authRegistry().hostPort()))
                .credentials((registry, repository, context) -> java.util.Optional.of(wrong))
                .build());
        String message = failureOf(refused, image.reference());
        assertTrue(message.startsWith("cannot weigh " + image.reference() + ": "), message);
        assertTrue(message.contains("HTTP 401"), message);
        assertNoSecretIn(message);
        assertFalse(message.contains("not-the-password"), message);
    }

    @Test
    void anUnknownTagFailsWithTheRegistrysManifestUnknownReason() {
        ImageReference missing = fixtures.plainRegistry().reference("app/small:no-such-tag");
        assertEquals(
                "cannot weigh " + missing
                        + ": fetching manifest no-such-tag: HTTP 404 MANIFEST_UNKNOWN: \"manifest unknown\"",
                failureOf(weigher(), missing));
    }

    @Test
    void anUnknownRepositoryFailsWithManifestUnknownToo() {
        ImageReference missing = fixtures.plainRegistry().reference("app/no-such-repository:1.0");
        assertEquals(
                "cannot weigh " + missing + ": fetching manifest 1.0: HTTP 404 MANIFEST_UNKNOWN: \"manifest unknown\"",
                failureOf(weigher(), missing));
    }

    private void assertNoSecretIn(String message) {
        String basic = Base64.getEncoder()
                .encodeToString((fixtures.authUser() + ":" + fixtures.authPassword()).getBytes(StandardCharsets.UTF_8));
        assertFalse(message.contains(fixtures.authPassword()), message);
        assertFalse(message.contains(basic), message);
        assertFalse(message.contains("\n"), message);
    }

    private TestRegistryConfig config() {
        return TestRegistryConfig.forLocal(fixtures.plainRegistry().hostPort());
    }

    private RegistryImageWeigher weigher() {
        return weigher(config());
    }

    private RegistryImageWeigher weigher(TestRegistryConfig config) {
        return register(RegistryImageWeigher.builder(vertx, config).build());
    }

    private RegistryImageWeigher register(RegistryImageWeigher weigher) {
        weighers.add(weigher);
        return weigher;
    }

    static ImageWeight weigh(RegistryImageWeigher weigher, ImageReference reference) {
        return weigher.weigh(reference, new WeighingContext(Deadline.in(GENEROUS), "default"))
                .join();
    }

    static String failureOf(RegistryImageWeigher weigher, ImageReference reference) {
        return failureOf(weigher, reference, PlatformPin.UNPINNED);
    }

    static String failureOf(RegistryImageWeigher weigher, ImageReference reference, PlatformPin pin) {
        CompletableFuture<ImageWeight> weighing =
                weigher.weigh(reference, new WeighingContext(Deadline.in(GENEROUS), "default", null, null, pin));
        try {
            ImageWeight unexpected = weighing.join();
            throw new AssertionError("weighing " + reference + " should have failed but gave " + unexpected);
        } catch (CompletionException e) {
            assertInstanceOf(WeighingException.class, e.getCause());
            return e.getCause().getMessage();
        }
    }
}
