package io.weighbridge.image;

import java.util.List;

/** A parsed manifest: an image manifest, or an index (manifest list) of per-platform manifests. */
sealed interface ManifestDocument {

    record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers) implements ManifestDocument {
        public ImageManifest {
            layers = List.copyOf(layers);
        }
    }

    record ImageIndex(String mediaType, List<Descriptor> manifests) implements ManifestDocument {
        public ImageIndex {
            manifests = List.copyOf(manifests);
        }
    }
}
