package io.weighbridge.admission;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.weighbridge.policy.WorkloadName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The names an exception may give an object by: its own kind and name (its {@code generateName}
 * while unnamed), its controller's, and the workload that controller belongs to where Kubernetes
 * says so exactly: a Deployment's Pods carry the {@code pod-template-hash} their ReplicaSet's name
 * ends with, and a DeploymentConfig's Pods carry its name. So an exception for
 * {@code Deployment/trainer} also lifts the ReplicaSets and Pods the rollout creates.
 */
public final class WorkloadNames {
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final String DEPLOYMENT_CONFIG = "openshift.io/deployment-config.name";

    private WorkloadNames() {}

    public static List<WorkloadName> of(String kind, ObjectMeta meta) {
        if (meta == null || kind == null) {
            return List.of();
        }
        List<WorkloadName> names = new ArrayList<>();
        String name = meta.getName() != null && !meta.getName().isBlank() ? meta.getName() : meta.getGenerateName();
        if (name != null && !name.isBlank()) {
            names.add(new WorkloadName(kind, name));
        }
        OwnerReference controller = controllerOf(meta);
        if (controller != null && controller.getKind() != null && controller.getName() != null) {
            names.add(new WorkloadName(controller.getKind(), controller.getName()));
            String hash = label(meta.getLabels(), POD_TEMPLATE_HASH);
            if ("ReplicaSet".equals(controller.getKind()) && hash != null && controller.getName().endsWith("-" + hash)) {
                names.add(new WorkloadName("Deployment", controller.getName().substring(0, controller.getName().length() - hash.length() - 1)));
            }
        }
        String deploymentConfig = label(meta.getAnnotations(), DEPLOYMENT_CONFIG);
        if (deploymentConfig != null) {
            names.add(new WorkloadName("DeploymentConfig", deploymentConfig));
        }
        return List.copyOf(names);
    }

    private static OwnerReference controllerOf(ObjectMeta meta) {
        if (meta.getOwnerReferences() == null) {
            return null;
        }
        return meta.getOwnerReferences().stream().filter(owner -> Boolean.TRUE.equals(owner.getController())).findFirst().orElse(null);
    }

    private static String label(Map<String, String> map, String key) {
        if (map == null) {
            return null;
        }
        String value = map.get(key);
        return value == null || value.isBlank() ? null : value;
    }
}
