package io.weighbridge.workload;

import java.util.Objects;

/**
 * A kind as the API names it apart from its version: what weighbridge matches objects by, so that
 * {@code batch/v1beta1} and {@code batch/v1} CronJobs are one kind.
 *
 * @param group the API group, {@code ""} for the core group
 * @param kind the kind, as written ({@code CronJob})
 */
public record GroupKind(String group, String kind) {
    public GroupKind {
        group = group == null ? "" : group;
        Objects.requireNonNull(kind, "kind");
    }

    /** The group and kind of an object's {@code apiVersion} ({@code apps/v1}, or {@code v1} for the core group) and {@code kind}. */
    public static GroupKind of(String apiVersion, String kind) {
        return new GroupKind(groupOf(apiVersion), kind);
    }

    /** The group of an {@code apiVersion}: what comes before the slash, {@code ""} without one. */
    public static String groupOf(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.lastIndexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** {@code CronJob.batch}, or {@code Pod} in the core group, as kubectl names kinds. */
    @Override
    public String toString() {
        return group.isEmpty() ? kind : kind + "." + group;
    }
}
