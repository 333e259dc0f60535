package io.weighbridge.image;

/**
 * One layer as the registry stores it.
 *
 * @param digest of the compressed blob ({@code sha256:…} as text)
 * @param sizeBytes compressed size from the manifest descriptor
 * @param mediaType the descriptor's media type
 * @param createdBy the config history line that made this layer ({@code RUN apt-get …}), or
 *     {@code null} when the history does not tell
 */
public record Layer(Digest digest, long sizeBytes, String mediaType, String createdBy) {}
