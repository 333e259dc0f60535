package io.weighbridge.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while policy resources the cluster holds may be missing: in a pod, until the API server
 * has said whether the CRDs are installed, and then until every kind found has been listed once. A
 * replica that judged before that would judge by the files alone, more leniently than its peers.
 */
@Readiness
@ApplicationScoped
public class ResourcesReadinessCheck implements HealthCheck {
    private final ClusterResources resources;
    private final boolean inPod;

    @Inject
    ResourcesReadinessCheck(ClusterResources resources) {
        this(
                resources,
                Optional.ofNullable(System.getenv("KUBERNETES_SERVICE_HOST")).isPresent());
    }

    ResourcesReadinessCheck(ClusterResources resources, boolean inPod) {
        this.resources = resources;
        this.inPod = inPod;
    }

    @Override
    public HealthCheckResponse call() {
        if (!resources.enabled()) {
            return HealthCheckResponse.named("policy-resources")
                    .up()
                    .withData("resources", "off (weighbridge.resources.enabled=false)")
                    .build();
        }
        ClusterResources.Detection detection = resources.detection();
        boolean ready = (detection.answered() || !inPod) && resources.synced();
        return HealthCheckResponse.named("policy-resources")
                .status(ready)
                .withData("resources", detection.summary() + (resources.synced() ? "" : "; listing them"))
                .withData("policies", resources.policies().policies().size())
                .withData("exceptions", resources.exemptions().all().size())
                .build();
    }
}
