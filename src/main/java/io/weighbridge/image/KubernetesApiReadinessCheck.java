package io.weighbridge.image;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
    private final CompletableFuture<Optional<KubernetesClient>> built;

    KubernetesApiReadinessCheck(KubernetesApi api) {
        this.built = api.built();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kubernetes-api");
        Optional<KubernetesClient> client = built.getNow(null);
        if (client == null) {
            return response.down().withData("state", "building the client").build();
        }
        return response.up()
                .withData(
                        "server",
                        client.map(api -> api.getConfiguration().getMasterUrl())
                                .orElse("none configured: pull secrets are not read"))
                .build();
    }
}
