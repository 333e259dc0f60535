package io.weighbridge.workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of the kinds whose images weighbridge judges and where each keeps its pod spec:
 * the built-in kinds below, and the custom kinds an admin configures. Every entry point (admission,
 * dry runs, the audit, metrics, policy validation) asks it, never a list of its own.
 */
public final class WorkloadKinds {
    private static final FieldPath SPEC = FieldPath.parse("spec");
    private static final FieldPath TEMPLATE = FieldPath.parse("spec.template.spec");
    private static final FieldPath JOB_TEMPLATE = FieldPath.parse("spec.jobTemplate.spec.template.spec");
    /** Newest first; Deployment, ReplicaSet, DaemonSet and StatefulSet share them. */
    private static final List<String> APPS = List.of("v1", "v1beta2", "v1beta1");

    private static final List<String> V1 = List.of("v1");

    /** The kind BuildConfig, as policies name it to judge builds. */
    public static final String BUILD_CONFIG = "BuildConfig";

    /**
     * Kubernetes' and OpenShift's own workload kinds. The extensions/v1beta1 forms (Kubernetes up to
     * 1.15) and the core-group v1 forms OpenShift 3 sent for DeploymentConfig and BuildConfig are
     * judged like the current ones and listed in the webhook rules, but not listed by the audit:
     * clusters serve the same objects under the current group.
     */
    static final List<WorkloadKind> BUILT_IN = List.of(
            row("", "Pod", "pods", V1, SPEC),
            row("apps", "Deployment", "deployments", APPS, TEMPLATE),
            row("apps", "ReplicaSet", "replicasets", APPS, TEMPLATE),
            row("apps", "StatefulSet", "statefulsets", APPS, TEMPLATE),
            row("apps", "DaemonSet", "daemonsets", APPS, TEMPLATE),
            legacy("extensions", "Deployment", "deployments", List.of("v1beta1"), TEMPLATE),
            legacy("extensions", "ReplicaSet", "replicasets", List.of("v1beta1"), TEMPLATE),
            legacy("extensions", "DaemonSet", "daemonsets", List.of("v1beta1"), TEMPLATE),
            row("batch", "Job", "jobs", V1, TEMPLATE),
            row("batch", "CronJob", "cronjobs", List.of("v1", "v1beta1", "v2alpha1"), JOB_TEMPLATE),
            row("", "ReplicationController", "replicationcontrollers", V1, TEMPLATE),
            row("apps.openshift.io", "DeploymentConfig", "deploymentconfigs", V1, TEMPLATE),
            legacy("", "DeploymentConfig", "deploymentconfigs", V1, TEMPLATE),
            new WorkloadKind("build.openshift.io", BUILD_CONFIG, "buildconfigs", V1, null, false, false),
            legacy("", BUILD_CONFIG, "buildconfigs", V1, null));

    private static final WorkloadKinds BUILT_IN_ONLY = new WorkloadKinds(List.of());

    private final List<WorkloadKind> all;
    private final Map<GroupKind, WorkloadKind> byGroupKind = new LinkedHashMap<>();

    private WorkloadKinds(List<WorkloadKind> custom) {
        List<WorkloadKind> rows = new ArrayList<>(BUILT_IN);
        rows.addAll(custom);
        for (WorkloadKind row : rows) {
            WorkloadKind before = byGroupKind.putIfAbsent(row.groupKind(), row);
            if (before != null) {
                throw new IllegalArgumentException(
                        row.groupKind() + " is " + (before.custom() ? "configured twice" : "a built-in kind"));
            }
        }
        this.all = List.copyOf(rows);
    }

    /** The built-in kinds only. */
    public static WorkloadKinds builtIn() {
        return BUILT_IN_ONLY;
    }

    /**
     * The built-in kinds and these custom ones.
     *
     * @throws IllegalArgumentException when a custom kind's group and kind is already in the table
     */
    public static WorkloadKinds withCustom(List<WorkloadKind> custom) {
        return custom.isEmpty() ? BUILT_IN_ONLY : new WorkloadKinds(custom);
    }

    /**
     * The built-in kinds and those of {@code weighbridge.workloads.custom}.
     *
     * @throws IllegalArgumentException naming every wrong property and why, one per line
     */
    public static WorkloadKinds from(WorkloadsConfig config) {
        return CustomKinds.from(config);
    }

    /** The row of this group and kind, whatever the version. */
    public Optional<WorkloadKind> find(GroupKind groupKind) {
        return Optional.ofNullable(byGroupKind.get(groupKind));
    }

    /** Every row: the built-in ones in table order, then the custom ones. */
    public List<WorkloadKind> all() {
        return all;
    }

    /** The rows an admin configured. */
    public List<WorkloadKind> custom() {
        return all.stream().filter(WorkloadKind::custom).toList();
    }

    /** Every judged kind's name once, as policies' {@code match.kinds} and metric labels name them. */
    public List<String> names() {
        return namesOf(all);
    }

    /** The built-in kinds' names. */
    public List<String> builtInNames() {
        return namesOf(BUILT_IN);
    }

    /** The custom kinds' names. */
    public List<String> customNames() {
        return namesOf(custom());
    }

    /**
     * The judged kinds for messages: {@code Pod, Deployment, …, BuildConfig; custom
     * (weighbridge.workloads.custom): Rollout}, or saying that no custom kind is configured.
     */
    public String describeNames() {
        List<String> custom = customNames();
        return String.join(", ", builtInNames())
                + (custom.isEmpty()
                        ? "; no custom kind is configured (" + CustomKinds.PREFIX + "*)"
                        : "; custom (" + CustomKinds.PREFIX + "*): " + String.join(", ", custom));
    }

    /** Whether some judged kind, built-in or custom, has this name. */
    public boolean hasName(String kind) {
        return kind != null && all.stream().anyMatch(row -> row.kind().equals(kind));
    }

    private static List<String> namesOf(List<WorkloadKind> rows) {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(row -> names.add(row.kind()));
        return List.copyOf(names);
    }

    private static WorkloadKind row(
            String group, String kind, String resource, List<String> versions, FieldPath podSpec) {
        return new WorkloadKind(group, kind, resource, versions, podSpec, true, false);
    }

    private static WorkloadKind legacy(
            String group, String kind, String resource, List<String> versions, FieldPath podSpec) {
        return new WorkloadKind(group, kind, resource, versions, podSpec, false, false);
    }
}
