package io.weighbridge.admission;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the admission warm-up ({@link AdmissionWarmUp}) has read and answered one review
 * of every judged kind, so the first admission a ready pod receives is answered within its deadline
 * rather than behind Jackson's introspection of fabric8's model. A failed warm-up stays down and
 * says why.
 */
@Readiness
@ApplicationScoped
class AdmissionWarmUpCheck implements HealthCheck {
    private final AdmissionWarmUp warmUp;

    AdmissionWarmUpCheck(AdmissionWarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public HealthCheckResponse call() {
        CompletableFuture<Integer> warmed = warmUp.warmed();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("admission-warm-up");
        if (!warmed.isDone()) {
            return response.down()
                    .withData("state", "reading one review of every judged kind")
                    .build();
        }
        if (warmed.isCompletedExceptionally()) {
            return response.down()
                    .withData("state", "failed (see the webhook's log)")
                    .build();
        }
        return response.up().withData("kinds", warmed.join()).build();
    }
}
