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

    @AfterEach
    void resetEngine() {
        engine.reset();
    }

    @Test
    void answersWithinTheDeadlineWhenTheEngineNeverDoes() {
        // Warm up first: a cold JVM on a busy machine takes seconds for its first request.
        ValidateResourceTest.post(AdmissionReviewFixture.create("cronjob.yaml").json()).statusCode(200);
        engine.behave(ScriptedPolicyEngine.Behaviour.NEVER_ANSWER);

        long started = System.nanoTime();
        ExtractableResponse<Response> response = ValidateResourceTest.post(
                AdmissionReviewFixture.create("cronjob.yaml").json()).extract();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        // The deadline runs from when the resource sees the request; allow for the trip around it.
        assertTrue(tookMillis >= 750 && tookMillis < 1_250, "answered after " + tookMillis + " ms");
        assertEquals(true, response.path("response.allowed"));
        assertEquals(List.of("weighbridge could not weigh the images of this CronJob in time; allowed without judging them"),
                response.path("response.warnings"));
    }

    @Test
    void answersAtOnceWhenTheEngineThrows() {
        engine.behave(ScriptedPolicyEngine.Behaviour.THROW);
        ValidateResourceTest.post(AdmissionReviewFixture.create("pod.yaml").json())
                .body("response.allowed", is(true))
                .body("response.warnings[0]", containsString("weighbridge failed to judge the images of this Pod"));
    }
}
