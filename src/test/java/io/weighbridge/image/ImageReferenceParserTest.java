package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageReferenceParserTest {
    private static final String HEX = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    record Good(String input, String normalised) {}

    static Stream<Good> goodReferences() {
        return Stream.of(
                new Good("nginx", "docker.io/library/nginx:latest"),
                new Good("nginx:1.25", "docker.io/library/nginx:1.25"),
                new Good("library/nginx", "docker.io/library/nginx:latest"),
                new Good("docker.io/nginx", "docker.io/library/nginx:latest"),
                new Good("index.docker.io/foo", "docker.io/library/foo:latest"),
                new Good("docker.io/library/nginx@sha256:" + HEX, "docker.io/library/nginx@sha256:" + HEX),
                new Good("index.docker.io/acme/foo", "docker.io/acme/foo:latest"),
                new Good("registry-1.docker.io/acme/foo:1", "docker.io/acme/foo:1"),
                new Good("acme/app", "docker.io/acme/app:latest"),
                new Good("localhost:5000/a/b", "localhost:5000/a/b:latest"),
                new Good("localhost/a", "localhost/a:latest"),
                new Good("quay.io/org/app:v1.2-rc_3", "quay.io/org/app:v1.2-rc_3"),
                new Good("host:5000/x@sha256:" + HEX, "host:5000/x@sha256:" + HEX),
                new Good("name:tag@sha256:" + HEX, "docker.io/library/name:tag@sha256:" + HEX),
                new Good("ghcr.io/a/b/c/d:x", "ghcr.io/a/b/c/d:x"),
                new Good("127.0.0.1:5000/app", "127.0.0.1:5000/app:latest"));
    }

    @ParameterizedTest
    @MethodSource("goodReferences")
    void normalisesValidReferencesLikeDocker(Good row) {
        assertEquals(row.normalised(), ImageReference.parse(row.input()).toString());
    }

    static Stream<String> badReferences() {
        return Stream.of(
                "",
                "   ",
                "Nginx",
                "docker.io/Library/nginx",
                "acme/App:1",
                "nginx@sha256:abc",
                "nginx@sha256:" + HEX.toUpperCase(),
                "nginx@md5:" + HEX,
                "nginx:",
                "nginx:-tag",
                ":tag",
                "a//b",
                "nginx:" + "t".repeat(129),
                "http://nginx",
                "nginx latest");
    }

    @ParameterizedTest
    @MethodSource("badReferences")
    void rejectsInvalidReferences(String input) {
        assertThrows(InvalidImageReferenceException.class, () -> ImageReference.parse(input));
    }
}
