package io.weighbridge.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.weighbridge.policy.Policy;
import io.weighbridge.policy.PolicyProblem;
import java.util.List;

/**
 * A policy resource as last seen, and what of it is in force.
 *
 * @param kind {@code ClusterImageSizePolicy} or {@code ImageSizePolicy}
 * @param object the resource as the informer last delivered it
 * @param problems why its current generation is invalid; empty when it is valid
 * @param inForce the last valid version (this generation when valid, else an earlier one), or {@code null}
 */
record PolicyResource(
        WeighbridgeResources kind, GenericKubernetesResource object, List<PolicyProblem> problems, InForce inForce) {
    PolicyResource {
        problems = List.copyOf(problems);
    }

    /**
     * A valid version of a policy resource.
     *
     * @param spec its spec as written, kept in status so that a restart finds it again
     */
    record InForce(Policy policy, long generation, JsonNode spec) {}

    ResourceKey key() {
        return ResourceKey.of(kind, object);
    }

    long generation() {
        Long generation = object.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    boolean valid() {
        return problems.isEmpty();
    }
}
