package io.weighbridge.workload;

import java.util.List;

/**
 * One row of the table of judged kinds: objects of this group and kind are judged, in any version,
 * by the images of the pod spec at {@link #podSpec} (a BuildConfig, which has none, by its bases).
 *
 * @param group the API group, {@code ""} for the core group
 * @param kind the kind ({@code CronJob})
 * @param resource the plural resource that webhook rules and RBAC name ({@code cronjobs})
 * @param versions the versions clusters serve it in, newest first: the webhook rules list them all
 *     and the audit lists objects at the first one its cluster serves. An object of any other
 *     version is judged all the same: its pod spec is where every version keeps it
 * @param podSpec where the pod spec is, from the object's root; {@code null} for a BuildConfig
 * @param audited whether the audit lists objects of this row: not BuildConfigs, which run nothing,
 *     nor legacy groups, whose objects clusters serve under the current group too
 * @param custom whether an admin configured it ({@code weighbridge.workloads.custom})
 */
public record WorkloadKind(
        String group,
        String kind,
        String resource,
        List<String> versions,
        FieldPath podSpec,
        boolean audited,
        boolean custom) {

    public WorkloadKind {
        group = group == null ? "" : group;
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException(kind + ": at least one version");
        }
    }

    public GroupKind groupKind() {
        return new GroupKind(group, kind);
    }

    /** Whether objects of this kind are judged by their build's bases rather than by a pod spec. */
    public boolean judgesBuild() {
        return podSpec == null;
    }

    /** {@code apps/v1}, or {@code v1} in the core group. */
    public String apiVersion(String version) {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** Whether its objects are Pods, which run, rather than controllers of Pods, which will. */
    public boolean isPod() {
        return group.isEmpty() && kind.equals("Pod");
    }

    /** Whether only OpenShift serves it: elsewhere the audit does not miss it. */
    public boolean openShiftOnly() {
        return group.endsWith(".openshift.io");
    }
}
