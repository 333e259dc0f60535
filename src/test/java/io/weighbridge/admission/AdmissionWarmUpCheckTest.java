package io.weighbridge.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weighbridge.workload.WorkloadKinds;
import io.weighbridge.workload.WorkloadReader;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The warm-up runs beside the start; the pod is ready only once it has read and answered every kind. */
class AdmissionWarmUpCheckTest {
    private final WorkloadKinds kinds = WorkloadKinds.builtIn();

    private AdmissionWarmUp warmUp(ObjectMapper mapper) {
        return new AdmissionWarmUp(new AdmissionReviewReader(mapper, new WorkloadReader(kinds)), mapper, kinds);
    }

    @Test
    void downUntilEveryKindIsReadAndAnsweredThenUpNamingHowMany() {
        AdmissionWarmUp warmUp = warmUp(new ObjectMapper());
        AdmissionWarmUpCheck check = new AdmissionWarmUpCheck(warmUp);

        HealthCheckResponse before = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, before.getStatus());
        assertEquals(
                "reading one review of every judged kind",
                before.getData().orElseThrow().get("state"));

        warmUp.warmUp();

        HealthCheckResponse after = check.call();
        assertEquals(HealthCheckResponse.Status.UP, after.getStatus());
        assertEquals((long) kinds.all().size(), after.getData().orElseThrow().get("kinds"));
    }

    @Test
    void aWarmUpThatFailsKeepsThePodUnready() {
        // A mapper that cannot write: a fault no real mapper produces on these small reviews.
        ObjectMapper broken = new ObjectMapper() {
            @Override
            public byte[] writeValueAsBytes(Object value) throws JsonProcessingException {
                throw new JsonProcessingException("cannot write") {};
            }
        };
        AdmissionWarmUp warmUp = warmUp(broken);
        AdmissionWarmUpCheck check = new AdmissionWarmUpCheck(warmUp);

        warmUp.warmUp();

        HealthCheckResponse after = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, after.getStatus());
        assertEquals(
                "failed (see the webhook's log)", after.getData().orElseThrow().get("state"));
    }
}
