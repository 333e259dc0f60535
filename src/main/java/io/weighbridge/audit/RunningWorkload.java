package io.weighbridge.audit;

import io.weighbridge.admission.ContainerImage;
import java.util.List;

/** A workload reported once, with the images it runs or will run. */
record RunningWorkload(WorkloadRef ref, List<ContainerImage> images) {
    RunningWorkload {
        images = List.copyOf(images);
    }
}
