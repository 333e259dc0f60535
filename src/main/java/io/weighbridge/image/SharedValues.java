package io.weighbridge.image;

import com.github.benmanes.caffeine.cache.Interner;

/**
 * One copy, held weakly, of what many cached weights repeat: a layer that several images list (a
 * base's layers: digest, media type and history line), a media type, a platform, the registry and
 * repository of every tag of one repository. Only equal values
 * are shared, so nothing a reader sees changes; a value no weight keeps any more is collected.
 */
final class SharedValues {
    private static final Interner<Layer> LAYERS = Interner.newWeakInterner();
    private static final Interner<String> TEXTS = Interner.newWeakInterner();

    private SharedValues() {}

    /** The layer, as every weight that lists it keeps it. */
    static Layer layer(Digest digest, long sizeBytes, String mediaType, String createdBy) {
        return LAYERS.intern(new Layer(digest, sizeBytes, text(mediaType), createdBy));
    }

    /**
     * One of few values repeated by many weights (a media type, a platform, a registry, a repository);
     * {@code null} stays {@code null}.
     */
    static String text(String value) {
        return value == null ? null : TEXTS.intern(value);
    }
}
