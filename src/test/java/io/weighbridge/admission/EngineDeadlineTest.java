package io.weighbridge.admission;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(EngineDeadlineTest.OneSecondDeadline.class)
class EngineDeadlineTest {

    public static class OneSecondDeadline extends ScriptedEngineProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("weighbridge.admission.deadline", "1s");
        }
    }

    @Inject
    ScriptedPolicyEngine engine;

    @io.quarkus.test.common.http.TestHTTPResource("/validate")
    java.net.URL validateUrl;

    @AfterEach
    void resetEngine() {
        engine.reset();
    }

    @Test
    void answersWithinTheDeadlineWhenTheEngineNeverDoes() {
        // Warm up first: a cold JVM on a busy machine takes seconds for its first request.
        ValidateResourceTest.post(AdmissionReviewFixture.create("cronjob.yaml").json())
                .statusCode(200);
        engine.behave(ScriptedPolicyEngine.Behaviour.NEVER_ANSWER);

        long started = System.nanoTime();
        ExtractableResponse<Response> response = ValidateResourceTest.post(
                        AdmissionReviewFixture.create("cronjob.yaml").json())
                .extract();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        // The deadline runs from when the resource sees the request; allow for the trip around it.
        assertTrue(tookMillis >= 750 && tookMillis < 1_250, "answered after " + tookMillis + " ms");
        assertEquals(true, response.path("response.allowed"));
        assertEquals(
                List.of("weighbridge could not weigh the images of this CronJob in time; allowed without judging them"),
                response.path("response.warnings"));
    }

    /**
     * An apiserver that gives up on a request (its own timeout, a restart) closes the connection
     * before the answer: the decision is still logged, not lost with the connection.
     */
    @Test
    void aDecisionIsLoggedEvenWhenTheCallerLeftBeforeTheAnswer() throws Exception {
        engine.behave(ScriptedPolicyEngine.Behaviour.NEVER_ANSWER);
        AdmissionReviewFixture review = AdmissionReviewFixture.create("cronjob.yaml");
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(((org.jboss.logmanager.ExtLogRecord) record).getFormattedMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger decisions = java.util.logging.Logger.getLogger("io.weighbridge.admission.DecisionLog");
        decisions.addHandler(capture);
        try {
            byte[] body = review.json().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", validateUrl.getPort())) {
                socket.getOutputStream()
                        .write(("POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: " + body.length + "\r\n\r\n")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().write(body);
                socket.getOutputStream().flush();
                Thread.sleep(200);
            } // the caller leaves, long before the 1 s deadline
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (lines.stream().noneMatch(line -> line.startsWith("admission uid=" + review.uid() + " "))
                    && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        } finally {
            decisions.removeHandler(capture);
        }

        assertEquals(
                1,
                lines.stream()
                        .filter(line -> line.startsWith("admission uid=" + review.uid() + " ")
                                && line.contains("reason=\"engine late\""))
                        .count(),
                lines.toString());
    }

    @Test
    void answersAtOnceWhenTheEngineThrows() {
        engine.behave(ScriptedPolicyEngine.Behaviour.THROW);
        ValidateResourceTest.post(AdmissionReviewFixture.create("pod.yaml").json())
                .body("response.allowed", is(true))
                .body("response.warnings[0]", containsString("weighbridge failed to judge the images of this Pod"));
    }
}
