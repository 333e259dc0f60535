package io.weighbridge.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.weighbridge.logging.JsonLogging;
import io.weighbridge.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one line per decision, captured from the logger as the application writes it. */
@QuarkusTest
class DecisionLogIT {
    private static final Logger DECISIONS = Logger.getLogger("io.weighbridge.admission.DecisionLog");

    private final Fixtures fixtures = Fixtures.get();
    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            ExtLogRecord ext = (ExtLogRecord) record;
            ext.copyAll(); // MDC and message, as they are now
            records.add(ext);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        DECISIONS.addHandler(capture);
    }

    @AfterEach
    void stop() {
        DECISIONS.removeHandler(capture);
    }

    @Test
    void aDenialIsOneLineWithTheDecisionAsStructuredFieldsAndNoSecrets() throws Exception {
        AdmissionReviewFixture review = AdmissionReviewFixture.create(E2eManifests.json(
                "payments-deployment.yaml",
                Map.of("image", fixtures.big().reference().toString())));
        post(review);

        ExtLogRecord line = decisionOf(review.uid());
        String message = line.getFormattedMessage();
        assertThat(
                message,
                allOf(
                        containsString("uid=" + review.uid()),
                        containsString("kind=Deployment"),
                        containsString("object=shop/payments"),
                        containsString("operation=CREATE"),
                        containsString("verdict=deny"),
                        containsString("test-limits/hard-cap:deny"),
                        containsString("durationMs=")));
        Map<String, String> mdc = line.getMdcCopy();
        assertThat(
                mdc,
                allOf(
                        hasEntry("uid", review.uid()),
                        hasEntry("kind", "Deployment"),
                        hasEntry("namespace", "shop"),
                        hasEntry("name", "payments"),
                        hasEntry("operation", "CREATE"),
                        hasEntry("verdict", "deny"),
                        hasEntry("dryRun", "false")));
        assertThat(
                mdc.get("rules"),
                allOf(containsString("test-limits/hard-cap:deny"), containsString("test-limits/very-big:warn")));
        assertThat(mdc.get("durationMs"), matchesPattern("\\d+"));
        assertThat(mdc, not(hasKey("reason")));

        // As weighbridge.log.json=true writes it: one JSON object, the decision under "mdc".
        String json = JsonLogging.formatter().format(line);
        assertThat(json.strip().lines().toList(), hasSize(1));
        JsonNode parsed = new ObjectMapper().readTree(json);
        assertThat(parsed.path("level").asText(), is("INFO"));
        assertThat(parsed.path("mdc").path("uid").asText(), is(review.uid()));
        assertThat(parsed.path("mdc").path("verdict").asText(), is("deny"));
        assertThat(parsed.path("mdc").path("name").asText(), is("payments"));

        for (String secret : List.of("hunter2-s3cr3t", "tok_live_5f8a1c0e", "DATABASE_PASSWORD", "alice@example.com")) {
            assertThat(json, not(containsString(secret)));
        }
    }

    @Test
    void anUnjudgedDecisionSaysWhy() {
        AdmissionReviewFixture review = AdmissionReviewFixture.delete(E2eManifests.json(
                "payments-deployment.yaml",
                Map.of("image", fixtures.small().reference().toString())));
        post(review);

        ExtLogRecord line = decisionOf(review.uid());
        assertThat(
                line.getMdcCopy(),
                allOf(
                        hasEntry("operation", "DELETE"),
                        hasEntry("verdict", "allow"),
                        hasEntry("reason", "DELETE is not judged"),
                        hasEntry("rules", "")));
    }

    /** The console, as configured: Vert.x's connection resets are kept off, its other errors are not. */
    @Test
    void theConsoleKeepsVertxConnectionResetsOffAndItsOtherErrorsOn() {
        java.util.logging.Handler console = consoleHandler(
                org.jboss.logmanager.LogContext.getLogContext().getLogger("").getHandlers());
        LogRecord reset = new LogRecord(java.util.logging.Level.SEVERE, "Connection reset");
        reset.setLoggerName("io.vertx.core.net.impl.ConnectionBase");
        LogRecord handshake =
                new LogRecord(java.util.logging.Level.SEVERE, "Received fatal alert: certificate_unknown");
        handshake.setLoggerName("io.vertx.core.net.impl.ConnectionBase");
        handshake.setThrown(new javax.net.ssl.SSLHandshakeException("Received fatal alert: certificate_unknown"));

        assertThat(console.isLoggable(reset), is(false));
        assertThat(console.isLoggable(handshake), is(true));
    }

    private static java.util.logging.Handler consoleHandler(java.util.logging.Handler[] handlers) {
        for (java.util.logging.Handler handler : handlers) {
            if (handler instanceof org.jboss.logmanager.handlers.ConsoleHandler) {
                return handler;
            }
            if (handler instanceof org.jboss.logmanager.ExtHandler nested) {
                java.util.logging.Handler found = consoleHandler(nested.getHandlers());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private ExtLogRecord decisionOf(String uid) {
        List<ExtLogRecord> lines = records.stream()
                .filter(r -> r.getFormattedMessage().startsWith("admission uid=" + uid + " "))
                .toList();
        assertThat(lines, hasSize(1));
        return lines.get(0);
    }

    private static void post(AdmissionReviewFixture review) {
        given().contentType(ContentType.JSON)
                .body(review.json())
                .when()
                .post("/validate")
                .then()
                .statusCode(200);
    }
}
