package io.weighbridge.image.registry;

import io.weighbridge.image.Digest;
import java.util.Optional;

/**
 * Manifest bytes exactly as the registry served them, with the digest they were verified against.
 *
 * @param contentType the media type the registry sent, for a manifest that does not name its own
 */
public record RawManifest(byte[] bytes, Optional<String> contentType, Digest digest) {}
