package io.weighbridge.workload;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The workloads that own an object, as far as its metadata says exactly: its controller (the owner
 * reference marked {@code controller: true}), and the workload that controller belongs to where
 * Kubernetes names it: a Deployment's Pods carry the {@code pod-template-hash} their ReplicaSet's
 * name ends with, and a DeploymentConfig's Pods carry its name in an annotation. So an exception
 * for {@code Deployment/trainer} also covers the ReplicaSets and Pods its rollouts create.
 */
final class Owners {
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final String DEPLOYMENT_CONFIG = "openshift.io/deployment-config.name";

    private Owners() {}

    static List<WorkloadName> of(JsonNode metadata) {
        List<WorkloadName> owners = new ArrayList<>();
        for (JsonNode owner : metadata.path("ownerReferences")) {
            String kind = text(owner.get("kind"));
            String name = text(owner.get("name"));
            if (owner.path("controller").asBoolean(false) && kind != null && name != null) {
                owners.add(new WorkloadName(kind, name));
                String hash = text(metadata.path("labels").get(POD_TEMPLATE_HASH));
                if ("ReplicaSet".equals(kind) && hash != null && name.endsWith("-" + hash)) {
                    owners.add(new WorkloadName("Deployment", name.substring(0, name.length() - hash.length() - 1)));
                }
                break;
            }
        }
        String deploymentConfig = text(metadata.path("annotations").get(DEPLOYMENT_CONFIG));
        if (deploymentConfig != null) {
            owners.add(new WorkloadName("DeploymentConfig", deploymentConfig));
        }
        return owners;
    }

    private static String text(JsonNode value) {
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
