package io.weighbridge.image;

import java.util.Optional;

/** Manifest bytes exactly as the registry served them, with the digest they were verified against. */
record RawManifest(byte[] bytes, Optional<String> contentType, Digest digest) {

    ManifestDocument parse() {
        return ManifestParser.parse(bytes, contentType);
    }
}
