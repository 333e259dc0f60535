package io.weighbridge.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds listed objects into the workloads an admin would name: a Pod of a ReplicaSet of a
 * Deployment is reported as the Deployment. An object whose controller was listed too is not a
 * workload of its own; a Pod still lends its images to its top owner (it may run an image its
 * owner's template no longer names, in a rollout), while an intermediate controller (a
 * ReplicaSet, a CronJob's Job) does not: its template is either its owner's or an old one.
 * Each image keeps the pull secrets of the pod spec that named it, as the kubelet would pull it.
 */
final class Ownership {
    /** Owner chains longer than this are cycles or nonsense; the object is then its own workload. */
    private static final int MAX_DEPTH = 8;

    private Ownership() {}

    static List<RunningWorkload> workloads(List<ClusterObject> objects) {
        Map<String, ClusterObject> byUid = new LinkedHashMap<>();
        objects.forEach(object -> byUid.put(object.uid(), object));
        Map<WorkloadRef, Set<PulledImage>> images = new LinkedHashMap<>();
        for (ClusterObject object : objects) {
            ClusterObject top = topOwner(object, byUid);
            boolean contributes = top == object || object.pod();
            Set<PulledImage> used = images.computeIfAbsent(top.ref(), ref -> new LinkedHashSet<>());
            if (contributes) {
                used.addAll(object.pulledImages());
            }
        }
        List<RunningWorkload> workloads = new ArrayList<>();
        images.forEach((ref, used) -> workloads.add(new RunningWorkload(ref, List.copyOf(used))));
        return workloads;
    }

    private static ClusterObject topOwner(ClusterObject object, Map<String, ClusterObject> byUid) {
        ClusterObject current = object;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            ClusterObject owner = current.controllerUid() == null ? null : byUid.get(current.controllerUid());
            if (owner == null || owner == object) {
                return current;
            }
            current = owner;
        }
        return object;
    }
}
