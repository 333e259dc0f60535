package io.weighbridge.dockerfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Dockerfiles under {@code src/test/resources/dockerfiles/}. */
final class DockerfileFiles {
    private DockerfileFiles() {}

    static String text(String name) {
        try (InputStream in = DockerfileFiles.class.getResourceAsStream("/dockerfiles/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no Dockerfile " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfile parse(String name) {
        return Dockerfile.parse(text(name));
    }
}
