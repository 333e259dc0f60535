package io.weighbridge.image;

import java.util.Map;
import java.util.Optional;

/** A content descriptor of a manifest or index: what a blob or manifest is, how big, its digest. */
record Descriptor(
        String mediaType, Digest digest, long size, Optional<Platform> platform, Map<String, String> annotations) {
    Descriptor {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        annotations = Map.copyOf(annotations);
    }
}
