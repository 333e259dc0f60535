package io.weighbridge.policy;

import static io.weighbridge.policy.FakeWeigher.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.image.BaseImage;
import io.weighbridge.image.Digest;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.Layer;
import io.weighbridge.policy.FindingMessages.Subject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FindingMessagesTest {
    private static final String LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    private static final Subject DENY =
            new Subject("registry.test/app/big:1.0", "app", "cluster-defaults", "hard-cap", Action.DENY, "");
    private static final Subject WARN =
            new Subject("registry.test/app/big:1.0", "app", "cluster-defaults", "very-big", Action.WARN, "");

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({
        "0, 0 B",
        "1023, 1023 B",
        "1024, 1.0 KiB",
        "524288, 512.0 KiB",
        "1258291, 1.2 MiB",
        "1048575, 1.0 MiB",
        "6657199308, 6.2 GiB",
        "5368709120, 5.0 GiB",
        "1099511627776, 1.0 TiB"
    })
    void formatsSizesInBinaryUnitsWithOneDecimal(long bytes, String expected) {
        assertEquals(expected, ByteSizes.format(bytes));
    }

    record HistoryRow(String createdBy, String instruction, Remedy remedy) {}

    static Stream<HistoryRow> historyLines() {
        return Stream.of(
                new HistoryRow(
                        "/bin/sh -c apt-get update && apt-get install -y build-essential",
                        "RUN apt-get update && apt-get install -y build-essential",
                        Remedy.APT),
                new HistoryRow(
                        "RUN /bin/sh -c apt-get update &&     apt-get install -y --no-install-recommends curl \t&& rm -rf /var/lib/apt/lists/* # buildkit",
                        "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*",
                        Remedy.GENERAL),
                new HistoryRow("/bin/sh -c apk add gcc musl-dev", "RUN apk add gcc musl-dev", Remedy.APK),
                new HistoryRow("/bin/sh -c apk add --no-cache tini", "RUN apk add --no-cache tini", Remedy.GENERAL),
                new HistoryRow(
                        "|2 PY=3.12 REQS=requirements.txt /bin/sh -c pip install -r $REQS",
                        "RUN pip install -r $REQS",
                        Remedy.PIP),
                new HistoryRow(
                        "RUN /bin/sh -c npm ci && npm run build # buildkit",
                        "RUN npm ci && npm run build",
                        Remedy.NODE),
                new HistoryRow(
                        "/bin/sh -c yarn install --frozen-lockfile", "RUN yarn install --frozen-lockfile", Remedy.NODE),
                new HistoryRow(
                        "/bin/sh -c microdnf install -y java-21-openjdk",
                        "RUN microdnf install -y java-21-openjdk",
                        Remedy.DNF),
                new HistoryRow("/bin/sh -c #(nop) COPY dir:3a1b in /data", "COPY dir:3a1b in /data", Remedy.CONTENT),
                new HistoryRow("ADD model.bin /models/ # buildkit", "ADD model.bin /models/", Remedy.CONTENT),
                new HistoryRow(
                        "COPY /src/target/app.jar /app.jar # buildkit",
                        "COPY /src/target/app.jar /app.jar",
                        Remedy.CONTENT),
                new HistoryRow("/bin/sh -c make -j8 && make install", "RUN make -j8 && make install", Remedy.GENERAL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("historyLines")
    void readsTheInstructionThatMadeALayerAndPicksItsRemedy(HistoryRow row) {
        BuildStep step = BuildStep.fromHistory(row.createdBy());

        assertEquals(row.instruction(), step.instruction());
        assertEquals(row.remedy(), Remedy.forStep(step));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "request to r.test failed (SSLHandshakeException: PKIX path building failed) | request to r.test failed (PKIX path building failed)",
                "java.net.UnknownHostException: nowhere.test | nowhere.test",
                "IllegalArgumentException: port p must be in range 0 <= p <= 65535 | port p must be in range 0 <= p <= 65535",
                "io.vertx.core.VertxException: Connection was closed | Connection was closed",
                "NullPointerException | unknown reason",
                "manifest unknown (MANIFEST_UNKNOWN): Error 404 from r.test | manifest unknown (MANIFEST_UNKNOWN): Error 404 from r.test",
            })
    void reasonsLoseTheNamesOfJavaExceptions(String reason, String shown) {
        assertEquals(shown, FindingMessages.withoutJavaNames(reason));
    }

    @Test
    void aDenialNamesImageSizeLimitRuleLargestLayerItsInstructionAndARemedy() {
        String message = FindingMessages.tooBig(
                DENY, bigImage("/bin/sh -c apt-get update && apt-get install -y build-essential"), "5Mi");

        assertEquals(
                "registry.test/app/big:1.0 (container app) is 7.6 MiB, above the 5Mi limit of cluster-defaults/hard-cap; "
                        + "largest layer 6.0 MiB from `RUN apt-get update && apt-get install -y build-essential`; "
                        + "use --no-install-recommends and rm -rf /var/lib/apt/lists/* in the same RUN",
                message);
    }

    @Test
    void aLargestLayerWithoutHistoryGetsTheGeneralRemedy() {
        String message = FindingMessages.tooBig(WARN, bigImage(null), "1Mi");

        assertEquals(
                "registry.test/app/big:1.0 (container app) is 7.6 MiB, above the 1Mi limit of cluster-defaults/very-big; "
                        + "largest layer 6.0 MiB; use a multi-stage build that copies only the result onto a small base "
                        + "(alpine, distroless, scratch)",
                message);
    }

    @Test
    void aLargestLayerAtTheBottomIsBlamedOnTheBase() {
        ImageWeight weight = new ImageWeight(
                ImageReference.parse("registry.test/app/fat-base:1"),
                Digest.parse("sha256:" + "0".repeat(64)),
                "linux/amd64",
                1000,
                List.of(
                        new Layer(
                                Digest.parse("sha256:" + "1".repeat(64)),
                                700 * MIB,
                                LAYER,
                                "/bin/sh -c #(nop) ADD file:9f3c in / "),
                        new Layer(
                                Digest.parse("sha256:" + "2".repeat(64)),
                                2 * MIB,
                                LAYER,
                                "/bin/sh -c #(nop) COPY file:aa in /app")),
                new BaseImage("ubuntu", "24.04"));
        Subject subject = new Subject("registry.test/app/fat-base:1", null, "p", "r", Action.WARN, "");

        assertEquals(
                "registry.test/app/fat-base:1 is 702.0 MiB, above the 500Mi limit of p/r; largest layer 700.0 MiB is the "
                        + "base image's; start FROM a small base (alpine, distroless, scratch), with a multi-stage build if you need compilers",
                FindingMessages.tooBig(subject, weight, "500Mi"));
    }

    @Test
    void aWarningFitsKubectlEvenForLongNamesAndInstructions() {
        String longImage =
                "registry.example.com:5000/" + "very-long-team-name/".repeat(4) + "service:2024.11.23-build.4711";
        Subject subject = new Subject(
                longImage,
                "a-container-with-a-long-name",
                "cluster-defaults",
                "very-big",
                Action.WARN,
                "(not denied: the image was already in use before this update)");
        String instruction = "/bin/sh -c apt-get update && apt-get install -y " + "libsomething-dev ".repeat(30);

        String message = FindingMessages.tooBig(subject, bigImage(instruction), "1Gi");

        assertTrue(message.length() <= FindingMessages.WARNING_LIMIT, message.length() + ": " + message);
        assertTrue(message.endsWith("(not denied: the image was already in use before this update)"), message);
        assertTrue(message.startsWith(longImage), message);
    }

    @Test
    void aWarningShortensTheInstructionBeforeDroppingIt() {
        String instruction = "/bin/sh -c apt-get update && apt-get install -y " + "libsomething-dev ".repeat(10);

        String message = FindingMessages.tooBig(WARN, bigImage(instruction), "1Mi");

        assertTrue(message.contains("largest layer 6.0 MiB from `RUN apt-get update && apt-get ins...`"), message);
        assertTrue(message.length() <= FindingMessages.WARNING_LIMIT, message);
    }

    @Test
    void aDenialMayBeLongerButStaysOnOneLine() {
        String instruction =
                "/bin/sh -c apt-get update \\\n && apt-get install -y\\\n " + "libsomething-dev ".repeat(30);

        String message = FindingMessages.tooBig(DENY, bigImage(instruction), "5Mi");

        assertTrue(message.length() > FindingMessages.WARNING_LIMIT);
        assertTrue(message.length() <= FindingMessages.DENIAL_LIMIT);
        assertTrue(!message.contains("\n"), message);
    }

    @Test
    void tooManyLayersSaysHowToMerge() {
        Subject subject =
                new Subject("registry.test/app/layers:1.0", null, "cluster-defaults", "layer-count", Action.WARN, "");

        assertEquals(
                "registry.test/app/layers:1.0 has 45 layers (limit 40, cluster-defaults/layer-count); combine RUN steps "
                        + "into one with cleanup in the same step, or use a multi-stage build",
                FindingMessages.tooManyLayers(subject, 45, 40));
    }

    @Test
    void offPreferredBaseNamesTheBaseAndTheChoices() {
        Subject subject = new Subject(
                "registry.test/app/big:1.0", "app", "cluster-defaults", "prefer-small-base", Action.WARN, "");

        assertEquals(
                "registry.test/app/big:1.0 (container app) is built on debian 12; cluster-defaults/prefer-small-base prefers "
                        + "alpine, distroless, scratch; rebuild FROM one of them, copying only the result in a multi-stage build",
                FindingMessages.offPreferredBase(
                        subject, new BaseImage("debian", "12"), List.of("alpine", "distroless", "scratch")));
    }

    @Test
    void aRegistryErrorGivesTheReasonAndWhatThePolicyDid() {
        Subject subject = new Subject(
                "registry.test/team/private:1.0", "app", "cluster-defaults", "registry-error", Action.WARN, "");

        assertEquals(
                "could not weigh registry.test/team/private:1.0 (container app): "
                        + "registry refused the credentials (401 Unauthorized); cluster-defaults says warn when an image cannot be weighed",
                FindingMessages.cannotWeigh(
                        subject,
                        "registry.test/team/private:1.0: registry refused the credentials (401 Unauthorized)",
                        Action.WARN));
    }

    @Test
    void aRegistryErrorNamesTheImageOnceWhenTheWeigherNamedItToo() {
        Subject subject = new Subject("registry.test/app/gone:1", "app", "strict", "registry-error", Action.DENY, "");

        assertEquals(
                "could not weigh registry.test/app/gone:1 (container app): fetching manifest 1: HTTP 404 MANIFEST_UNKNOWN: "
                        + "manifest unknown; strict says deny when an image cannot be weighed",
                FindingMessages.cannotWeigh(
                        subject,
                        "cannot weigh registry.test/app/gone:1: fetching manifest 1: HTTP 404 MANIFEST_UNKNOWN: manifest unknown",
                        Action.DENY));
    }

    @Test
    void anInvalidReferenceIsNamedOnce() {
        Subject subject = new Subject("registry.test/App/Gone:1", "app", "strict", "registry-error", Action.DENY, "");

        assertEquals(
                "could not weigh registry.test/App/Gone:1 (container app): invalid image reference: repository must be "
                        + "lowercase: App/Gone; strict says deny when an image cannot be weighed",
                FindingMessages.cannotWeigh(
                        subject,
                        "invalid image reference \"registry.test/App/Gone:1\": repository must be lowercase: App/Gone",
                        Action.DENY));
    }

    @Test
    void aLongRegistryErrorIsCutToFitAWarning() {
        Subject subject = new Subject(
                "registry.test/team/private:1.0", "app", "cluster-defaults", "registry-error", Action.WARN, "");

        String message = FindingMessages.cannotWeigh(subject, "x".repeat(400), Action.WARN);

        assertTrue(message.length() <= FindingMessages.WARNING_LIMIT, message);
        assertTrue(message.endsWith("cluster-defaults says warn when an image cannot be weighed"), message);
    }

    /** Like the test registry's app/big:1.0: a debian base and a 6 MiB layer from one RUN. */
    private static ImageWeight bigImage(String createdBy) {
        return new ImageWeight(
                ImageReference.parse("registry.test/app/big:1.0"),
                Digest.parse("sha256:" + "0".repeat(64)),
                "linux/amd64",
                1500,
                List.of(
                        new Layer(
                                Digest.parse("sha256:" + "1".repeat(64)),
                                1_700_000,
                                LAYER,
                                "/bin/sh -c #(nop) ADD file:9f3c in / "),
                        new Layer(Digest.parse("sha256:" + "2".repeat(64)), 6 * MIB, LAYER, createdBy)),
                new BaseImage("debian", "12"));
    }
}
