package io.weighbridge.audit;

import java.util.List;

/**
 * A workload reported once, with the images it runs or will run, each with the pull secrets of
 * the pod spec that names it (its template's, or a Pod's own).
 */
record RunningWorkload(WorkloadRef ref, List<PulledImage> images) {
    RunningWorkload {
        images = List.copyOf(images);
    }
}
