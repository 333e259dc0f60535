package io.weighbridge.audit;

import io.weighbridge.admission.ContainerImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who uses each distinct image, grouped by what policies match on: namespace and kind. */
final class ImageUses {
    /** Policies match on namespace and kind, so an image is judged once per pair that uses it. */
    record Context(String namespace, String kind) {}

    /** A workload's container. */
    record Use(WorkloadRef workload, String container) {}

    private final Map<String, Map<Context, List<Use>>> byImage = new LinkedHashMap<>();

    static ImageUses of(List<RunningWorkload> workloads) {
        ImageUses uses = new ImageUses();
        for (RunningWorkload workload : workloads) {
            Context context = new Context(workload.ref().namespace(), workload.ref().kind());
            for (ContainerImage image : workload.images()) {
                uses.byImage.computeIfAbsent(image.image(), key -> new LinkedHashMap<>())
                        .computeIfAbsent(context, key -> new ArrayList<>())
                        .add(new Use(workload.ref(), image.container()));
            }
        }
        return uses;
    }

    /** Distinct images, in the order they were first found. */
    Set<String> images() {
        return byImage.keySet();
    }

    Map<Context, List<Use>> of(String image) {
        return byImage.get(image);
    }
}
