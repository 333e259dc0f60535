package io.weighbridge.testing;

import com.google.cloud.tools.jib.api.buildplan.ImageFormat;

/** The two manifest families registries serve, with the media types each uses. */
enum ManifestFormat {
    DOCKER(
            MediaTypes.DOCKER_MANIFEST,
            MediaTypes.DOCKER_CONFIG,
            MediaTypes.DOCKER_LAYER,
            MediaTypes.DOCKER_MANIFEST_LIST,
            ImageFormat.Docker),
    OCI(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER, MediaTypes.OCI_INDEX, ImageFormat.OCI);

    final String manifestType;
    final String configType;
    final String layerType;
    final String indexType;
    final ImageFormat jibFormat;

    ManifestFormat(String manifestType, String configType, String layerType, String indexType, ImageFormat jibFormat) {
        this.manifestType = manifestType;
        this.configType = configType;
        this.layerType = layerType;
        this.indexType = indexType;
        this.jibFormat = jibFormat;
    }
}
