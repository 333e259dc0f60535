package io.weighbridge.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.weighbridge.policy.Exemption;
import io.weighbridge.policy.PolicyProblem;
import java.util.List;

/**
 * An {@code ImageSizeException} as last seen.
 *
 * @param exemption what it lifts, or {@code null} when it is invalid (then it lifts nothing)
 * @param problems why it is invalid; empty when it is valid
 */
record ExceptionResource(GenericKubernetesResource object, Exemption exemption, List<PolicyProblem> problems) {
    ExceptionResource {
        problems = List.copyOf(problems);
    }

    ResourceKey key() {
        return ResourceKey.of(WeighbridgeResources.EXCEPTION, object);
    }

    long generation() {
        Long generation = object.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
