package io.weighbridge.image;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until {@link KubernetesApi} knows whether there is a Kubernetes API and, when there is,
 * has built its client: pull secrets, the API's access reviews and the policy resources all ask
 * through it, so a pod is not ready before they can.
 */
@Readiness
@ApplicationScoped
class KubernetesApiReadinessCheck implements HealthCheck {
    private final KubernetesApi api;

    KubernetesApiReadinessCheck(KubernetesApi api) {
        this.api = api;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kubernetes-api");
        // Asked anew each time: a copy taken at start completes just after the build, so a caller already handed
        // the client could still find it building.
        Optional<KubernetesClient> client = api.built().getNow(null);
        if (client == null) {
            return response.down().withData("state", "building the client").build();
        }
        if (api.failure() != null) {
            return response.down().withData("state", api.failure()).build();
        }
        return response.up()
                .withData(
                        "server",
                        client.map(api -> api.getConfiguration().getMasterUrl())
                                .orElse("none configured: pull secrets are not read"))
                .build();
    }
}
