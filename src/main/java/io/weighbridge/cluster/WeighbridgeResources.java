package io.weighbridge.cluster;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/** Weighbridge's own resource kinds, in one place: group, version, kind, plural, scope. */
public enum WeighbridgeResources {
    CLUSTER_POLICY("ClusterImageSizePolicy", "clusterimagesizepolicies", false),
    POLICY("ImageSizePolicy", "imagesizepolicies", true),
    EXCEPTION("ImageSizeException", "imagesizeexceptions", true);

    public static final String GROUP = "weighbridge.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** The policy kinds, cluster-wide first. */
    public static final List<WeighbridgeResources> POLICIES = List.of(CLUSTER_POLICY, POLICY);

    private final String kind;
    private final String plural;
    private final boolean namespaced;

    WeighbridgeResources(String kind, String plural, boolean namespaced) {
        this.kind = kind;
        this.plural = plural;
        this.namespaced = namespaced;
    }

    public String kind() {
        return kind;
    }

    public String plural() {
        return plural;
    }

    public boolean namespaced() {
        return namespaced;
    }

    /** {@code imagesizepolicies.weighbridge.io}: the CRD's name. */
    public String crdName() {
        return plural + "." + GROUP;
    }

    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder()
                .withGroup(GROUP)
                .withVersion(VERSION)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(namespaced)
                .build();
    }
}
