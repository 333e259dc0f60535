package io.weighbridge.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What one layer holds, independent of who packs it: jib-core ({@link JibPusher}) or our own
 * tarball writer ({@link LayerTarball}, needed for symlinks).
 */
record LayerContent(String name, List<Entry> entries) {

    LayerContent {
        entries = List.copyOf(entries);
    }

    sealed interface Entry permits RegularFile, Symlink {
        /** Path inside the image, without a leading slash: {@code etc/os-release}. */
        String path();
    }

    record RegularFile(String path, byte[] content, int mode) implements Entry {}

    record Symlink(String path, String target) implements Entry {}

    boolean hasSymlinks() {
        return entries.stream().anyMatch(Symlink.class::isInstance);
    }

    static Builder named(String name) {
        return new Builder(name);
    }

    /**
     * Deterministic, incompressible bytes: {@link Random}'s algorithm is fixed by its
     * specification, so the same seed gives the same layer, digest and size on every JDK.
     */
    static byte[] seededBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static final class Builder {
        private final String name;
        private final List<Entry> entries = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        Builder text(String path, String content) {
            entries.add(new RegularFile(path, content.getBytes(StandardCharsets.UTF_8), 0644));
            return this;
        }

        Builder randomFile(String path, long seed, int size) {
            entries.add(new RegularFile(path, seededBytes(seed, size), 0644));
            return this;
        }

        Builder executable(String path, byte[] content) {
            entries.add(new RegularFile(path, content, 0755));
            return this;
        }

        Builder symlink(String path, String target) {
            entries.add(new Symlink(path, target));
            return this;
        }

        LayerContent build() {
            return new LayerContent(name, entries);
        }
    }
}
