package io.weighbridge.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weighbridge.policy.Exemption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * The {@code status} each resource should have: pure functions of what was read. A condition keeps
 * its {@code lastTransitionTime} while its status stays the same, so writing the same status twice
 * changes nothing.
 */
final class ResourceStatus {
    static final String READY = "Ready";
    static final String ACTIVE = "Active";
    /** A condition message is for a person: at most this many characters. */
    static final int MESSAGE_LIMIT = 1024;

    private ResourceStatus() {}

    /**
     * @param fileNames the ids of the policies the files hold now: a cluster-wide resource of the
     *     same name is not installed
     */
    static ObjectNode of(PolicyResource resource, Set<String> fileNames, Instant now) {
        ObjectNode status = ResourceReading.JSON.createObjectNode();
        status.put("observedGeneration", resource.generation());
        PolicyResource.InForce inForce = resource.inForce();
        boolean nameTaken = !resource.kind().namespaced()
                && fileNames.contains(resource.object().getMetadata().getName());
        if (inForce != null && !nameTaken) {
            status.put("rules", inForce.policy().rules().size());
        }
        if (inForce != null) {
            ObjectNode recorded = status.putObject("inForce");
            recorded.put("generation", inForce.generation());
            recorded.set("spec", inForce.spec());
        }
        String problems = String.join(
                "; ",
                resource.problems().stream().map(ResourceReading::describe).toList());
        Condition ready;
        if (nameTaken) {
            ready = new Condition(
                    READY,
                    false,
                    "NameTaken",
                    "a policy file already defines "
                            + resource.object().getMetadata().getName()
                            + "; the file's policy is in force, not this resource (rename one)");
        } else if (resource.valid()) {
            int rules = inForce.policy().rules().size();
            ready = new Condition(READY, true, "Valid", "in force: " + rules + (rules == 1 ? " rule" : " rules"));
        } else if (inForce != null) {
            ready = new Condition(
                    READY,
                    false,
                    "Invalid",
                    problems + "; generation " + inForce.generation() + ", the last valid one, stays in force");
        } else {
            ready = new Condition(READY, false, "Invalid", problems + "; nothing of it is in force");
        }
        status.set("conditions", conditions(ready, resource.generation(), current(resource.object()), now));
        return status;
    }

    static ObjectNode of(ExceptionResource resource, Instant now) {
        ObjectNode status = ResourceReading.JSON.createObjectNode();
        status.put("observedGeneration", resource.generation());
        Exemption exemption = resource.exemption();
        Condition active;
        if (exemption == null) {
            active = new Condition(
                    ACTIVE,
                    false,
                    "Invalid",
                    String.join(
                                    "; ",
                                    resource.problems().stream()
                                            .map(ResourceReading::describe)
                                            .toList()) + "; it lifts nothing");
        } else if (!exemption.activeAt(now)) {
            active = new Condition(
                    ACTIVE, false, "Expired", "expired at " + exemption.expiresAt() + "; it lifts nothing");
        } else {
            active = new Condition(
                    ACTIVE,
                    true,
                    "Active",
                    "lifts " + String.join(", ", exemption.rules())
                            + " for "
                            + (exemption.images().isEmpty()
                                    ? "every image"
                                    : "images " + String.join(", ", exemption.images()))
                            + " of "
                            + (exemption.workloads().isEmpty()
                                    ? "every workload"
                                    : String.join(
                                            ", ",
                                            exemption.workloads().stream()
                                                    .map(Object::toString)
                                                    .toList()))
                            + " until " + exemption.expiresAt());
        }
        status.set("conditions", conditions(active, resource.generation(), current(resource.object()), now));
        return status;
    }

    record Condition(String type, boolean status, String reason, String message) {}

    private static ArrayNode conditions(Condition condition, long generation, JsonNode current, Instant now) {
        String status = condition.status() ? "True" : "False";
        String since = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (JsonNode existing : current.path("conditions")) {
            if (existing.path("type").asText().equals(condition.type())
                    && existing.path("status").asText().equals(status)
                    && existing.hasNonNull("lastTransitionTime")) {
                since = existing.get("lastTransitionTime").asText();
            }
        }
        ArrayNode conditions = ResourceReading.JSON.createArrayNode();
        ObjectNode node = conditions.addObject();
        node.put("type", condition.type());
        node.put("status", status);
        node.put("observedGeneration", generation);
        node.put("lastTransitionTime", since);
        node.put("reason", condition.reason());
        String message = condition.message();
        node.put(
                "message",
                message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT - 3) + "...");
        return conditions;
    }

    static JsonNode current(io.fabric8.kubernetes.api.model.GenericKubernetesResource object) {
        Object status = object.getAdditionalProperties().get("status");
        return status == null ? ResourceReading.JSON.createObjectNode() : ResourceReading.JSON.valueToTree(status);
    }

    /** The ids of policies, as a set. */
    static Set<String> ids(List<io.weighbridge.policy.Policy> policies) {
        return Set.copyOf(
                policies.stream().map(io.weighbridge.policy.Policy::id).toList());
    }
}
