package io.weighbridge.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.weighbridge.workload.WorkloadKinds;
import io.weighbridge.workload.WorkloadsConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The three custom workload kinds the README documents, configured as an admin would: Argo
 * Rollouts and OpenKruise CloneSets by their pod template, Knative Services by their pod spec.
 */
public class CustomKindsProfile implements QuarkusTestProfile {
    public static final Map<String, String> PROPERTIES = Map.ofEntries(
            Map.entry("weighbridge.workloads.custom.rollout.group", "argoproj.io"),
            Map.entry("weighbridge.workloads.custom.rollout.kind", "Rollout"),
            Map.entry("weighbridge.workloads.custom.rollout.versions", "v1alpha1"),
            Map.entry("weighbridge.workloads.custom.rollout.pod-template-path", "spec.template"),
            Map.entry("weighbridge.workloads.custom.cloneset.group", "apps.kruise.io"),
            Map.entry("weighbridge.workloads.custom.cloneset.kind", "CloneSet"),
            Map.entry("weighbridge.workloads.custom.cloneset.versions", "v1alpha1"),
            Map.entry("weighbridge.workloads.custom.cloneset.pod-template-path", "spec.template"),
            Map.entry("weighbridge.workloads.custom.knative.group", "serving.knative.dev"),
            Map.entry("weighbridge.workloads.custom.knative.kind", "Service"),
            Map.entry("weighbridge.workloads.custom.knative.versions", "v1"),
            Map.entry("weighbridge.workloads.custom.knative.pod-spec-path", "spec.template.spec"));

    /** The kind table these properties make, bound by SmallRye Config as Quarkus binds them. */
    public static WorkloadKinds kinds() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(WorkloadsConfig.class)
                .withSources(new PropertiesConfigSource(PROPERTIES, "custom kinds", 100))
                .build();
        return WorkloadKinds.from(config.getConfigMapping(WorkloadsConfig.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // The mock API server of these tests stands for the cluster's custom kinds, not for its
        // authentication (ApiAccessIT's): /api/v1/check answers them unauthenticated, as in local runs.
        Map<String, String> overrides = new HashMap<>(PROPERTIES);
        overrides.put("weighbridge.api.authentication", "none");
        return overrides;
    }
}
