package io.weighbridge.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Which resource: kind, namespace ({@code null} when cluster-scoped) and name. */
record ResourceKey(WeighbridgeResources kind, String namespace, String name) {
    static ResourceKey of(WeighbridgeResources kind, HasMetadata object) {
        return new ResourceKey(
                kind,
                kind.namespaced() ? object.getMetadata().getNamespace() : null,
                object.getMetadata().getName());
    }

    @Override
    public String toString() {
        return kind.kind() + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
