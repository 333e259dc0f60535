package io.weighbridge.image;

import java.util.Locale;

/** An image platform, {@code os/architecture[/variant]} as in OCI index entries. */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        if (os == null || os.isBlank() || architecture == null || architecture.isBlank()) {
            throw new IllegalArgumentException("a platform needs an os and an architecture");
        }
        variant = variant == null || variant.isBlank() ? null : variant;
    }

    /** Parses {@code linux/arm64} or {@code linux/arm/v7}. */
    public static Platform parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("platform \"" + text + "\" is not os/arch[/variant]");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /**
     * True when an index entry of platform {@code candidate} serves this wanted platform. A
     * wanted platform without variant accepts any variant; {@code arm64} treats a missing
     * variant as {@code v8}, as container runtimes do.
     */
    public boolean acceptsEntry(Platform candidate) {
        if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
            return false;
        }
        if (variant == null) {
            return true;
        }
        return variant.equals(normalisedVariant(candidate));
    }

    private String normalisedVariant(Platform candidate) {
        if (candidate.variant == null && candidate.architecture.equals("arm64")) {
            return "v8";
        }
        return candidate.variant;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
