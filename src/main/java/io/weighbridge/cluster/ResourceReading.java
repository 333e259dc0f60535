package io.weighbridge.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.weighbridge.cluster.PolicyResource.InForce;
import io.weighbridge.policy.Exemption;
import io.weighbridge.policy.ExemptionReader;
import io.weighbridge.policy.Policy;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicyProblem;
import io.weighbridge.policy.PolicyValidationException;
import io.weighbridge.workload.WorkloadKinds;
import java.util.List;
import java.util.Objects;

/**
 * Reads resources as the engine needs them, by the same readers as the policy files. An invalid
 * version of a policy never removes its last valid one: the one seen before (same uid), or after a
 * restart the one its status recorded as in force.
 */
final class ResourceReading {
    static final ObjectMapper JSON = new ObjectMapper();

    private ResourceReading() {}

    /**
     * @param before the same resource as read before, or {@code null}
     * @param kinds the kinds {@code match.kinds} may name
     */
    static PolicyResource policy(
            WeighbridgeResources kind, GenericKubernetesResource object, PolicyResource before, WorkloadKinds kinds) {
        String namespace = kind.namespaced() ? object.getMetadata().getNamespace() : null;
        String name = object.getMetadata().getName();
        Object spec = object.getAdditionalProperties().get("spec");
        long generation = object.getMetadata().getGeneration() == null
                ? 0
                : object.getMetadata().getGeneration();
        try {
            Policy policy = PolicyLoader.readResource(kind.kind(), namespace, name, spec, kinds);
            return new PolicyResource(kind, object, List.of(), new InForce(policy, generation, JSON.valueToTree(spec)));
        } catch (PolicyValidationException e) {
            return new PolicyResource(kind, object, e.problems(), lastValid(kind, object, before, kinds));
        }
    }

    /** The version in force while the current one is invalid. */
    private static InForce lastValid(
            WeighbridgeResources kind, GenericKubernetesResource object, PolicyResource before, WorkloadKinds kinds) {
        if (before != null
                && before.inForce() != null
                && Objects.equals(
                        before.object().getMetadata().getUid(),
                        object.getMetadata().getUid())) {
            return before.inForce();
        }
        JsonNode recorded =
                JSON.valueToTree(object.getAdditionalProperties().get("status")).path("inForce");
        if (!recorded.path("spec").isObject()) {
            return null;
        }
        String namespace = kind.namespaced() ? object.getMetadata().getNamespace() : null;
        try {
            Policy policy = PolicyLoader.readResource(
                    kind.kind(),
                    namespace,
                    object.getMetadata().getName(),
                    JSON.convertValue(recorded.get("spec"), Object.class),
                    kinds);
            return new InForce(policy, recorded.path("generation").asLong(0), recorded.get("spec"));
        } catch (PolicyValidationException e) {
            return null; // what it recorded no longer reads (an older webhook wrote it): nothing of it is in force
        }
    }

    static ExceptionResource exception(GenericKubernetesResource object) {
        JsonNode spec = JSON.valueToTree(object.getAdditionalProperties().get("spec"));
        try {
            Exemption exemption = ExemptionReader.read(
                    object.getMetadata().getNamespace(), object.getMetadata().getName(), spec);
            return new ExceptionResource(object, exemption, List.of());
        } catch (PolicyValidationException e) {
            return new ExceptionResource(object, null, e.problems());
        }
    }

    /** A problem for a status message: the field and what is wrong, without the source the status belongs to. */
    static String describe(PolicyProblem problem) {
        return (problem.field() == null ? "" : problem.field() + ": ") + problem.message();
    }
}
