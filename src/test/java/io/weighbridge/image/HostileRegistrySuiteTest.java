package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The hostile-registry suite (issue 10, item 10): one row per way a registry can try to talk the
 * webhook into a wrong verdict or a late one, naming the test that plays it against the real
 * client, through {@link ScriptedRegistry} (one server, one handler per behaviour) or the real
 * registry behind a {@code RecordingProxy}. Each named test asserts the verdict (deny by
 * {@code onRegistryError}, or the verdict the size calls for) and the time (by the deadline plus
 * scheduling slack). The rows are checked here, so a renamed or deleted test breaks this index,
 * not silently the suite. To run them all: the {@code -Dtest=} list this class prints.
 *
 * <p>The other findings of issue 10 (empty policy sets, memory, the API, logs, shutdown) are in
 * {@code SECURITY.md}, each with its test.
 */
class HostileRegistrySuiteTest {

    /** A hostile behaviour, the finding of issue 10 it comes from, and the tests that play it. */
    record Mode(String behaviour, int finding, List<String> tests) {}

    static final List<Mode> MODES = List.of(
            new Mode(
                    "accepts connections and never answers, while a healthy registry's images are weighed in their normal time",
                    1,
                    List.of(
                            "RegistryBulkheadIT#aRegistryThatNeverAnswersCannotStarveTheImagesOfAHealthyOne",
                            "RegistryImageWeigherFaultsTest#admitsOnTimeWhenTheRegistryAcceptsAndStalls",
                            "RegistryImageWeigherFaultsTest#aRequestThatWaitedForASlotHasItsWholeTimeoutOnceItHoldsOne")),
            new Mode(
                    "layer blobs that hang, against base detection's own budget",
                    2,
                    List.of("RegistryBulkheadIT#anAlpineImageIsNotDeniedWhileAnotherRegistrysLayersHang")),
            new Mode(
                    "a layer of 2^63-1 bytes, sizes that wrap past a long",
                    3,
                    List.of(
                            "LayerSizeArithmeticTest#aLayerOfTheLargestLongIsNotAllowedAsANegativeSize",
                            "LayerSizeArithmeticTest#sizesThatWrapPastTheLargestLongCannotBeWeighed",
                            "LayerSizeArithmeticTest#theLargestExactSumIsWeighed")),
            new Mode(
                    "non-integer, negative, quoted and huge sizes",
                    3,
                    List.of("LayerSizeArithmeticTest#aSizeMustBeANonNegativeJsonInteger")),
            new Mode(
                    "the same layer listed twice",
                    3,
                    List.of("LayerSizeArithmeticTest#aLayerListedTwiceIsPulledAndCountedOnce")),
            new Mode(
                    "any manifest, index or config (sizes, digests, platforms, duplicate keys, deep nesting, mutations)",
                    3,
                    List.of("RegistryDocumentFuzzTest#everyDocumentGetsTheVerdictItsSizeCallsFor")),
            new Mode(
                    "a token realm on another host",
                    7,
                    List.of(
                            "TokenRealmCredentialsTest#aRealmOnAnotherHostGetsNoCredentialAndTheMessageSaysWhy",
                            "TokenRealmCredentialsTest#aRealmNamedForAnotherRegistryGetsNoCredential")),
            new Mode(
                    "a token realm on a metadata address",
                    7,
                    List.of(
                            "RegistryImageWeigherFaultsTest#admitsOnTimeAndRefusesATokenRealmOnCloudMetadata",
                            "RegistryImageWeigherFaultsTest#refusesTokenRealmsOnCloudMetadata")),
            new Mode(
                    "redirects to private, loopback and metadata addresses",
                    0,
                    List.of(
                            "RegistryImageWeigherFaultsTest#refusesRedirectsToForbiddenAddressesEvenOverHttps",
                            "RegistryImageWeigherFaultsTest#admitsOnTimeAndNeverFollowsARedirectToLoopback",
                            "RegistryImageWeigherFaultsTest#refusesRedirectsToCloudMetadata")),
            new Mode(
                    "hostile text in errors and history: direction overrides, \"run: curl … | sh\", control characters",
                    8,
                    List.of(
                            "RegistryTextTest#theRegistrysOwnErrorMessageIsQuotedAndStrippedOfDirectionOverrides",
                            "RegistryTextTest#aHistoryLineInADenialIsStrippedOfDirectionOverrides",
                            "RegistryTextTest#aBrokenHttpAnswerIsToldInWordsWithoutJavaNames")),
            new Mode(
                    "error bodies of 32 MiB",
                    8,
                    List.of("HostileRegistryTest#aHugeErrorBodyIsCutToOneQuotedLineOnTime")),
            new Mode(
                    "10,000 images of a registry that never answers",
                    8,
                    List.of(
                            "HostileRegistryTest#tenThousandImagesOfARegistryThatNeverAnswersAreAllDeniedOnTime",
                            "io.weighbridge.admission.ManyImagesAdmissionTest#aDenialOfTenThousandUnansweredImagesIsBoundedAndCountsTheRest")),
            new Mode(
                    "slowloris bodies (a byte at a time)",
                    0,
                    List.of(
                            "RegistryImageWeigherFaultsTest#admitsOnTimeWhenTheBodyTricklesInSlowerThanTheRequestTimeout")),
            new Mode(
                    "documents that do not match their digest",
                    0,
                    List.of(
                            "RegistryImageWeigherFaultsTest#admitsOnTimeWhenTheManifestDoesNotMatchItsDigest",
                            "RegistryImageWeigherFaultsTest#refusesAManifestThatDoesNotMatchItsDigest")),
            new Mode(
                    "endless and oversized bodies",
                    0,
                    List.of(
                            "RegistryImageWeigherFaultsTest#admitsOnTimeAndStopsReadingAnEndlessBody",
                            "RegistryImageWeigherFaultsTest#refusesOversizedManifestsWithoutReadingThem")),
            new Mode(
                    "429 storms, and a Retry-After beyond the deadline",
                    0,
                    List.of(
                            "HostileRegistryTest#aStormOf429sDeniesEveryImageOnTimeWithBoundedRequests",
                            "RegistryImageWeigherFaultsTest#admitsAtOnceWhenRetryAfterLiesBeyondTheDeadline")),
            new Mode(
                    "500s, dropped connections, redirect loops, schema 1",
                    0,
                    List.of(
                            "RegistryImageWeigherFaultsTest#admitsOnTimeWhenTheRegistryAnswers500",
                            "RegistryImageWeigherFaultsTest#admitsOnTimeWhenTheConnectionIsDroppedWithoutAnswer",
                            "RegistryImageWeigherFaultsTest#admitsOnTimeWhenRedirectsLoop",
                            "RegistryImageWeigherFaultsTest#admitsOnTimeAndReportsSchemaOneAsUnweighable")),
            new Mode(
                    "connection resets in bulk, filling the log",
                    9,
                    List.of(
                            "io.weighbridge.logging.ConnectionResetFilterTest#aRegistryThatResetsConnectionsMakesVertxLogErrorsThatTheFilterKeepsOffTheConsole")));

    private static final Set<String> TEST_ANNOTATIONS = Set.of(
            "org.junit.jupiter.api.Test",
            "org.junit.jupiter.params.ParameterizedTest",
            "net.jqwik.api.Property",
            "net.jqwik.api.Example");

    @Test
    void everyModeNamesTestsThatExist() throws Exception {
        for (Mode mode : MODES) {
            assertTrue(!mode.tests().isEmpty(), mode.behaviour());
            for (String test : mode.tests()) {
                String[] classAndMethod = test.split("#");
                Class<?> type = Class.forName(
                        classAndMethod[0].contains(".")
                                ? classAndMethod[0]
                                : getClass().getPackageName() + "." + classAndMethod[0]);
                List<Method> named = Arrays.stream(type.getDeclaredMethods())
                        .filter(method -> method.getName().equals(classAndMethod[1]))
                        .filter(method -> Arrays.stream(method.getAnnotations())
                                .map(Annotation::annotationType)
                                .map(Class::getName)
                                .anyMatch(TEST_ANNOTATIONS::contains))
                        .toList();
                assertEquals(1, named.size(), test + " (" + mode.behaviour() + ") is not a test");
            }
        }
        System.out.println(
                "the hostile-registry suite: ./mvnw -B -o test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='"
                        + MODES.stream()
                                .flatMap(mode -> mode.tests().stream())
                                .map(test -> test.replaceFirst("^.*\\.", ""))
                                .collect(Collectors.joining(","))
                        + "'");
    }
}
