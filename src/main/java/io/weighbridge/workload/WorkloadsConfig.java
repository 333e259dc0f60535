package io.weighbridge.workload;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Workload kinds weighbridge judges besides the built-in ones ({@code weighbridge.workloads.*}):
 * custom resources that carry a pod template, such as Argo Rollouts or OpenKruise CloneSets.
 */
@ConfigMapping(prefix = "weighbridge.workloads")
public interface WorkloadsConfig {

    /**
     * Custom workload kinds by a name of lowercase letters and digits ({@code rollout}), which keeps
     * it intact as an environment variable: {@code WEIGHBRIDGE_WORKLOADS_CUSTOM_ROLLOUT_GROUP}.
     */
    Map<String, CustomKind> custom();

    /** One custom workload kind: matched by group and kind in any version, its pod spec found by a path. */
    interface CustomKind {

        /** The API group of the custom resource ({@code argoproj.io}). */
        String group();

        /** The kind, as its objects write it ({@code Rollout}). */
        String kind();

        /** The plural resource name; by default the kind in lowercase with an {@code s} ({@code rollouts}). */
        Optional<String> resource();

        /** The versions the audit lists objects at, newest first, the first one served winning; admission judges every version. */
        List<String> versions();

        /** The path of its pod template, a metadata-and-spec object ({@code spec.template}); give this or {@code pod-spec-path}. */
        Optional<String> podTemplatePath();

        /** The path of the pod spec itself ({@code spec.template.spec} of a Knative Service); give this or {@code pod-template-path}. */
        Optional<String> podSpecPath();
    }
}
