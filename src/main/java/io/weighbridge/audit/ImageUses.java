package io.weighbridge.audit;

import io.weighbridge.image.PlatformPin;
import io.weighbridge.image.PullSecretRefs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who uses each distinct image, grouped by what its judgement depends on: namespace and kind
 * (what policies match on), the pull secrets it is weighed with and the platform its pods pin.
 */
final class ImageUses {
    /**
     * An image is judged once per context that uses it. Contexts that differ only in kind, or in
     * pull secrets that come down to the same credential, are answered from the weigher's cache.
     */
    record Context(String namespace, String kind, PullSecretRefs pullSecrets, PlatformPin platform) {}

    /** A workload's container. */
    record Use(WorkloadRef workload, String container) {}

    private final Map<String, Map<Context, List<Use>>> byImage = new LinkedHashMap<>();

    static ImageUses of(List<RunningWorkload> workloads) {
        ImageUses uses = new ImageUses();
        for (RunningWorkload workload : workloads) {
            for (PulledImage pulled : workload.images()) {
                Context context = new Context(
                        workload.ref().namespace(), workload.ref().kind(), pulled.pullSecrets(), pulled.platform());
                uses.byImage
                        .computeIfAbsent(pulled.image().image(), key -> new LinkedHashMap<>())
                        .computeIfAbsent(context, key -> new ArrayList<>())
                        .add(new Use(workload.ref(), pulled.image().container()));
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
