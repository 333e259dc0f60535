package io.weighbridge.build;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.api.model.BuildStatusOutputBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.weighbridge.image.ImageReference;
import io.weighbridge.metrics.Scrape;
import io.weighbridge.testing.CountingWeigher;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.PushedImage;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The build watch against the fabric8 mock server (CRUD, with watches): Builds created and moved
 * through their phases as OpenShift's build controller does, their outputs pushed fixture images in
 * the real test registry (standing in for the integrated registry), judged by the policies of
 * {@code src/test/resources/e2e/policies} (namespace {@code shop}: deny above 5 MiB).
 *
 * <p>Events reach the watch in order, one at a time, and each weighing is counted the moment it is
 * asked: so once the output of a later Build is logged, every earlier event has been handled, and
 * what it did not weigh it never will. Each test waits for the log lines of its own images (written
 * after their metrics), so no output of one test is counted in the next.
 */
@QuarkusTest
@TestProfile(BuildWatchProfile.class)
@WithKubernetesTestServer
class BuildWatchIT {
    static final String OUTPUTS = "weighbridge_build_outputs_total";
    static final String SIZE = "weighbridge_build_output_size_bytes";
    private static final Logger OUTPUT_LOG = Logger.getLogger("io.weighbridge.build.BuildOutputLog");

    @TestHTTPResource(value = "/q/metrics", management = true)
    URL metricsUrl;

    @Inject
    KubernetesClient client;

    @Inject
    BuildWatch watch;

    private final Fixtures fixtures = Fixtures.get();
    private final List<ExtLogRecord> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            ExtLogRecord ext = (ExtLogRecord) record;
            ext.copyAll();
            lines.add(ext);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void watchIsUp() {
        await().atMost(Duration.ofSeconds(60)).until(watch::watching);
        OUTPUT_LOG.addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        OUTPUT_LOG.removeHandler(capture);
    }

    @Test
    void theOutputOfABuildThatCompletesIsWeighedOnceAndJudgedByItsNamespacesPolicies() {
        PushedImage big = fixtures.big();
        Scrape before = scrape();

        start("shop", "storefront-3", big);
        complete("shop", "storefront-3", big);

        ExtLogRecord line = awaitLines(pinned(big), 1).get(0);
        Scrape after = scrape();
        assertThat(delta(before, after, OUTPUTS, "verdict", "deny"), is(1.0));
        assertThat(delta(before, after, SIZE + "_sum", "verdict", "deny"), is((double) big.sizeBytes()));
        assertThat(delta(before, after, SIZE + "_count", "verdict", "deny"), is(1.0));
        assertEquals(1, CountingWeigher.calls(pinned(big)), CountingWeigher.CALLS.toString());

        assertThat(
                line.getFormattedMessage(),
                allOf(
                        containsString("build=shop/storefront-3"),
                        containsString("buildConfig=storefront"),
                        containsString("sizeBytes=" + big.sizeBytes()),
                        containsString("verdict=deny"),
                        containsString("test-limits/hard-cap:deny")));
        assertThat(
                line.getMdcCopy(),
                allOf(
                        hasEntry("namespace", "shop"),
                        hasEntry("build", "storefront-3"),
                        hasEntry("buildConfig", "storefront"),
                        hasEntry("digest", big.digest()),
                        hasEntry("sizeBytes", String.valueOf(big.sizeBytes())),
                        hasEntry("verdict", "deny")));
        assertThat(line.getMdcCopy().get("rules"), containsString("test-limits/very-big:warn"));

        // Another edit of the complete Build (what a resync also looks like), and a rebuild that pushed the
        // very same image: neither weighs again. The small output after them proves they were handled.
        edit("shop", "storefront-3", build -> {
            build.getMetadata().getLabels().put("reviewed", "true");
            return build;
        });
        start("shop", "storefront-6", big);
        complete("shop", "storefront-6", big);
        PushedImage small = fixtures.small();
        start("shop", "db-2", small);
        complete("shop", "db-2", small);

        awaitLines(pinned(small), 1);
        Scrape last = scrape();
        assertEquals(1, CountingWeigher.calls(pinned(big)), CountingWeigher.CALLS.toString());
        assertEquals(
                1,
                lines.stream()
                        .filter(l -> pinned(big).equals(l.getMdcCopy().get("image")))
                        .count());
        assertThat(delta(before, last, OUTPUTS, "verdict", "deny"), is(1.0));
        assertThat(delta(before, last, SIZE + "_sum", "verdict", "allow"), is((double) small.sizeBytes()));
        assertThat(
                "no namespace label unless an admin opts in",
                last.named(OUTPUTS).stream().allMatch(s -> s.labels().keySet().equals(Set.of("verdict"))),
                is(true));
    }

    @Test
    void everyVerdictIsCountedFromTheStartSoTheFirstOutputOfEachIsAnIncrease() {
        assertThat(
                scrape().named(OUTPUTS).stream()
                        .map(s -> s.labels().get("verdict"))
                        .collect(Collectors.toSet()),
                is(Set.of("allow", "warn", "deny", "error")));
    }

    @Test
    void failedAndCancelledBuildsAreLeftAlone() {
        PushedImage pushed = fixtures.oci();
        Scrape before = scrape();

        start("shop", "storefront-4", pushed);
        finish("shop", "storefront-4", pushed, "Failed");
        start("shop", "storefront-5", pushed);
        finish("shop", "storefront-5", pushed, "Cancelled");
        PushedImage barrier = fixtures.scratchImage();
        start("shop", "static-1", barrier);
        complete("shop", "static-1", barrier);

        awaitLines(pinned(barrier), 1);
        Scrape after = scrape();
        assertEquals(0, CountingWeigher.calls(pinned(pushed)), CountingWeigher.CALLS.toString());
        assertThat(after.sum(OUTPUTS) - before.sum(OUTPUTS), is(1.0));
    }

    @Test
    void aBuildFoundCompleteIsWeighedOnlyWhenItCompletedWithinTheCatchUp() {
        PushedImage old = fixtures.alpineBase();
        PushedImage recent = fixtures.debianBase();
        Scrape before = scrape();

        createComplete("batch", "nightly-41", old, Instant.now().minus(2, ChronoUnit.HOURS));
        createComplete("batch", "nightly-42", recent, Instant.now().minus(1, ChronoUnit.MINUTES));

        awaitLines(pinned(recent), 1);
        Scrape after = scrape();
        assertThat(after.sum(OUTPUTS) - before.sum(OUTPUTS), is(1.0));
        assertEquals(1, CountingWeigher.calls(pinned(recent)), CountingWeigher.CALLS.toString());
        assertEquals(0, CountingWeigher.calls(pinned(old)), CountingWeigher.CALLS.toString());
        assertThat(after.sum(SIZE + "_sum") - before.sum(SIZE + "_sum"), is((double) recent.sizeBytes()));
    }

    @Test
    void anOutputThatCannotBeWeighedIsCountedAsErrorAndTheWatchGoesOn() {
        String unreachable = "127.0.0.1:1/shop/gone:latest";
        String digest = fixtures.small().digest();
        String pinned = "127.0.0.1:1/shop/gone@" + digest;
        Scrape before = scrape();

        start("shop", "gone-1", unreachable);
        complete("shop", "gone-1", digest);
        ExtLogRecord line = awaitLines(pinned, 1).get(0);
        Scrape failed = scrape();
        assertThat(delta(before, failed, OUTPUTS, "verdict", "error"), is(1.0));
        assertThat("nothing weighed, no size", failed.sum(SIZE + "_count") - before.sum(SIZE + "_count"), is(0.0));
        assertThat(line.getMdcCopy(), allOf(hasEntry("build", "gone-1"), hasEntry("verdict", "error")));
        assertThat(line.getMdcCopy().get("reason"), containsString("127.0.0.1:1"));

        // Not remembered as weighed: the next Build that pushed it tries again. And the watch goes on.
        start("shop", "gone-2", unreachable);
        complete("shop", "gone-2", digest);
        awaitLines(pinned, 2);
        PushedImage layers = fixtures.manyLayers();
        start("shop", "layers-1", layers);
        complete("shop", "layers-1", layers);
        awaitLines(pinned(layers), 1);
        Scrape after = scrape();
        assertThat(delta(before, after, OUTPUTS, "verdict", "error"), is(2.0));
        assertThat(after.sum(SIZE + "_sum") - before.sum(SIZE + "_sum"), is((double) layers.sizeBytes()));
    }

    @Test
    void outputsInNamespacesNoPolicyJudgesAreNotWeighed() {
        PushedImage image = fixtures.multiArch();
        Scrape before = scrape();

        start("kube-system", "operator-7", image);
        complete("kube-system", "operator-7", image);
        // The same image in a judged namespace is another output (policies differ per namespace).
        start("batch", "operator-7", image);
        complete("batch", "operator-7", image);

        List<ExtLogRecord> judged = awaitLines(pinned(image), 1);
        assertThat(scrape().sum(OUTPUTS) - before.sum(OUTPUTS), is(1.0));
        assertEquals(1, CountingWeigher.calls(pinned(image)), CountingWeigher.CALLS.toString());
        assertThat(judged.stream().map(l -> l.getMdcCopy().get("namespace")).toList(), is(List.of("batch")));
    }

    // --- Builds as the build controller moves them ---------------------------------------------

    /** A Build of BuildConfig storefront, running, that will push to {@code image}'s repository. */
    private void start(String namespace, String name, PushedImage image) {
        start(namespace, name, image.reference().toString());
    }

    private void start(String namespace, String name, String pullSpec) {
        Build build = BuildFiles.read("running.yaml");
        build.getMetadata().setNamespace(namespace);
        build.getMetadata().setName(name);
        build.getMetadata().setUid(null);
        build.getMetadata().setResourceVersion(null);
        build.getStatus().setOutputDockerImageReference(pullSpec);
        client.resource(build).create();
    }

    private void complete(String namespace, String name, PushedImage image) {
        finish(namespace, name, image, "Complete");
    }

    private void complete(String namespace, String name, String digest) {
        finish(namespace, name, digest, "Complete");
    }

    private void finish(String namespace, String name, PushedImage image, String phase) {
        finish(namespace, name, image.digest(), phase);
    }

    private void finish(String namespace, String name, String digest, String phase) {
        edit(namespace, name, build -> {
            build.getStatus().setPhase(phase);
            build.getStatus()
                    .setCompletionTimestamp(
                            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            build.getStatus()
                    .setOutput(new BuildStatusOutputBuilder()
                            .withNewTo()
                            .withImageDigest(digest)
                            .endTo()
                            .build());
            return build;
        });
    }

    private void createComplete(String namespace, String name, PushedImage image, Instant completed) {
        Build build = BuildFiles.read("complete-imagestreamtag.yaml");
        build.getMetadata().setNamespace(namespace);
        build.getMetadata().setName(name);
        build.getMetadata().setUid(null);
        build.getMetadata().setResourceVersion(null);
        build.getStatus().setOutputDockerImageReference(image.reference().toString());
        build.getStatus()
                .setCompletionTimestamp(
                        completed.truncatedTo(ChronoUnit.SECONDS).toString());
        build.getStatus().getOutput().getTo().setImageDigest(image.digest());
        client.resource(build).create();
    }

    private void edit(String namespace, String name, UnaryOperator<Build> change) {
        client.resources(Build.class).inNamespace(namespace).withName(name).edit(change);
    }

    // --- what the watch weighed and recorded ----------------------------------------------------

    /** The reference the watch weighs: the pull spec's repository at the pushed digest. */
    private static String pinned(PushedImage image) {
        ImageReference reference = image.reference();
        return new ImageReference(reference.registry(), reference.repository(), null, image.digest()).toString();
    }

    /**
     * The log lines of an output image, once there are {@code count}. A line is written after the
     * output's metrics are recorded: a scrape after it shows them.
     */
    private List<ExtLogRecord> awaitLines(String image, int count) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> lines.stream()
                                .filter(l -> image.equals(l.getMdcCopy().get("image")))
                                .toList(),
                        found -> found.size() >= count);
    }

    private Scrape scrape() {
        return Scrape.parse(given().port(metricsUrl.getPort())
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
