package io.weighbridge.admission;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.weighbridge.admission.EntryPoints.Answers;
import io.weighbridge.admission.EntryPoints.Judgement;
import io.weighbridge.cli.CdiCommandFactory;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.WorkloadFixture;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in kind in every API version it was served in ({@code src/test/resources/workloads/kinds/}),
 * and AdmissionReviews as apiservers send them ({@code workloads/reviews/}), judged by the real
 * engine under the test policies with the oversized fixture image {@code app/big:1.0} in the
 * fixture registry: {@code /validate}, {@code /api/v1/check} and {@code check -f} deny it alike.
 */
@QuarkusTest
class WorkloadEntryPointsIT {
    private static final Logger DECISIONS = Logger.getLogger("io.weighbridge.admission.DecisionLog");

    private final Fixtures fixtures = Fixtures.get();
    private final String registry = fixtures.plainRegistry().hostPort();
    private final String big = fixtures.big().reference().toString();
    private final List<String> decisions = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            decisions.add(((org.jboss.logmanager.ExtLogRecord) record).getFormattedMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @Inject
    CdiCommandFactory commands;

    @TempDir
    Path work;

    @BeforeEach
    void listen() {
        DECISIONS.addHandler(capture);
    }

    @AfterEach
    void stop() {
        DECISIONS.removeHandler(capture);
    }

    static List<WorkloadFixture> builtInKinds() {
        return WorkloadFixture.in("kinds");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInKinds")
    void deniesTheOversizedImageOfEveryKindInEveryVersionAlikeThroughEveryEntryPoint(WorkloadFixture fixture) {
        Answers answers = EntryPoints.judge(fixture.tree(big, registry), commands, work);

        Judgement admission = answers.ofAdmission();
        assertEquals("deny", admission.verdict(), answers::toString);
        assertEquals(403, answers.admission().getInt("response.status.code"), answers::toString);
        assertTrue(
                admission.denials().stream()
                        .anyMatch(m -> m.contains(big) && m.contains("above the 5Mi limit of test-limits/hard-cap")),
                answers::toString);
        assertEquals(admission, answers.ofApi(), answers::toString);
        assertEquals(admission, answers.ofCli(), answers::toString);
        assertEquals(1, answers.cliExit(), answers::toString);
        assertEquals(answers.api(), answers.cli(), "check -o json prints the document /api/v1/check answers");
    }

    record RecordedReview(String legacy, String current) {
        @Override
        public String toString() {
            return legacy + " like " + current;
        }
    }

    static List<RecordedReview> recordedReviews() {
        return List.of(
                new RecordedReview(
                        "cronjob-batch-v1beta1.admission-v1beta1.json", "cronjob-batch-v1.admission-v1.json"),
                new RecordedReview(
                        "deployment-extensions-v1beta1.admission-v1beta1.json",
                        "deployment-apps-v1.admission-v1.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedReviews")
    void judgesAV1beta1ReviewExactlyLikeItsV1FormAndAnswersInItsApiVersion(RecordedReview pair) {
        WorkloadFixture legacy =
                WorkloadFixture.read(WorkloadFixture.FOLDER.resolve("reviews").resolve(pair.legacy()));
        WorkloadFixture current =
                WorkloadFixture.read(WorkloadFixture.FOLDER.resolve("reviews").resolve(pair.current()));

        JsonPath then = validate(legacy.text(big, registry));
        JsonPath now = validate(current.text(big, registry));

        assertEquals("admission.k8s.io/v1beta1", then.getString("apiVersion"));
        assertEquals("AdmissionReview", then.getString("kind"));
        assertEquals(legacy.tree(big, registry).at("/request/uid").asText(), then.getString("response.uid"));
        assertEquals("admission.k8s.io/v1", now.getString("apiVersion"));
        assertEquals(false, now.getBoolean("response.allowed"), now::prettify);
        assertEquals(now.getBoolean("response.allowed"), then.getBoolean("response.allowed"), then::prettify);
        assertEquals(now.getInt("response.status.code"), then.getInt("response.status.code"));
        assertEquals(now.getString("response.status.message"), then.getString("response.status.message"));
        assertEquals(now.getList("response.warnings"), then.getList("response.warnings"));
        String thenLine = decisionOf(then.getString("response.uid"));
        String nowLine = decisionOf(now.getString("response.uid"));
        assertTrue(
                thenLine.contains(" verdict=deny rules=[test-limits/hard-cap:deny, ") && !thenLine.contains("reason="),
                thenLine);
        assertEquals(
                nowLine.replaceAll(" durationMs=\\d+", "").replaceAll("uid=\\S+ ", ""),
                thenLine.replaceAll(" durationMs=\\d+", "").replaceAll("uid=\\S+ ", ""));
    }

    record Unreadable(
            String what,
            String fixture,
            String namespace,
            Consumer<ObjectNode> breakIt,
            String verdict,
            String message) {
        @Override
        public String toString() {
            return what;
        }
    }

    static List<Unreadable> unreadable() {
        return List.of(
                new Unreadable(
                        "containers a string: warned, as test-limits says when an image cannot be weighed",
                        "deployment-apps-v1.yaml",
                        "shop",
                        o -> ((ObjectNode) o.at("/spec/template/spec")).put("containers", "nginx"),
                        "warn",
                        "could not weigh the images of Deployment shop/storefront: weighbridge cannot read this Deployment:"
                                + " spec.template.spec.containers is a string, not a list; test-limits says warn when an image"
                                + " cannot be weighed"),
                new Unreadable(
                        "a batch/v1beta1 job template a string: denied, as strict-registry says",
                        "cronjob-batch-v1beta1.yaml",
                        "strict",
                        o -> ((ObjectNode) o.get("spec")).put("jobTemplate", "nightly"),
                        "deny",
                        "could not weigh the images of CronJob strict/nightly-report: weighbridge cannot read this CronJob:"
                                + " spec.jobTemplate is a string, not an object; strict-registry says deny when an image cannot"
                                + " be weighed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void judgesAnObjectItCannotReadByOnRegistryErrorAlikeThroughEveryEntryPoint(Unreadable row) {
        ObjectNode object = (ObjectNode)
                WorkloadFixture.read(WorkloadFixture.FOLDER.resolve("kinds").resolve(row.fixture()))
                        .tree(big, registry);
        ((ObjectNode) object.get("metadata")).put("namespace", row.namespace());
        row.breakIt().accept(object);

        Answers answers = EntryPoints.judge(object, commands, work);

        Judgement admission = answers.ofAdmission();
        assertEquals(row.verdict(), admission.verdict(), answers::toString);
        assertEquals(
                List.of(row.message()),
                row.verdict().equals("deny") ? admission.denials() : admission.warnings(),
                answers::toString);
        assertEquals(admission, answers.ofApi(), answers::toString);
        assertEquals(admission, answers.ofCli(), answers::toString);
        assertEquals(row.verdict().equals("deny") ? 1 : 0, answers.cliExit(), answers::toString);
    }

    private static JsonPath validate(String review) {
        return given().contentType(ContentType.JSON)
                .body(review)
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private String decisionOf(String uid) {
        List<String> lines = decisions.stream()
                .filter(line -> line.startsWith("admission uid=" + uid + " "))
                .toList();
        assertEquals(1, lines.size(), decisions::toString);
        return lines.get(0);
    }
}
