package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DockerConfigCredentialsTest {
    private static final WeighingContext ANY = new WeighingContext(Deadline.in(java.time.Duration.ofDays(1)), null);

    private static String auth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private final DockerConfigCredentials credentials = DockerConfigCredentials.parse(
            ("""
            {"auths": {
              "https://index.docker.io/v1/": {"auth": "%s"},
              "127.0.0.1:5000": {"username": "local", "password": "pw:with:colons"},
              "quay.io": {"auth": "%s"},
              "quay.io/org": {"auth": "%s"},
              "broken.example": {"auth": "not base64!"}
            }}""")
                    .formatted(auth("hub", "h"), auth("quay", "q"), auth("org", "o"))
                    .getBytes(StandardCharsets.UTF_8),
            "config.json");

    @Test
    void matchesDockerHubUnderAllItsNames() {
        assertEquals(
                "hub",
                credentials
                        .find("docker.io", "library/nginx", ANY)
                        .orElseThrow()
                        .username());
        assertEquals(
                "hub",
                credentials
                        .find("index.docker.io", "library/nginx", ANY)
                        .orElseThrow()
                        .username());
        assertEquals(
                "hub",
                credentials
                        .find("registry-1.docker.io", "acme/app", ANY)
                        .orElseThrow()
                        .username());
    }

    @Test
    void matchesHostAndPortExactly() {
        Credential local =
                credentials.find("127.0.0.1:5000", "private/app", ANY).orElseThrow();
        assertEquals("local", local.username());
        assertEquals("pw:with:colons", local.password());
        assertTrue(credentials.find("127.0.0.1:5001", "private/app", ANY).isEmpty());
        assertTrue(credentials.find("127.0.0.1", "private/app", ANY).isEmpty());
    }

    @Test
    void prefersTheMostSpecificRepositoryPrefix() {
        assertEquals(
                "org", credentials.find("quay.io", "org/app", ANY).orElseThrow().username());
        assertEquals(
                "org", credentials.find("quay.io", "org", ANY).orElseThrow().username());
        assertEquals(
                "quay",
                credentials.find("quay.io", "organic/app", ANY).orElseThrow().username());
    }

    @Test
    void neverOffersCredentialsToOtherRegistries() {
        assertTrue(credentials.find("evil.example", "library/nginx", ANY).isEmpty());
        assertTrue(credentials.find("quay.io.evil.example", "org/app", ANY).isEmpty());
        assertTrue(credentials.find("broken.example", "x", ANY).isEmpty());
    }

    @Test
    void keepsSecretsOutOfToStringAndParseErrors() {
        Credential hub = credentials.find("docker.io", "library/nginx", ANY).orElseThrow();
        assertFalse(hub.toString().contains("h\""));
        assertEquals("Credential[auth-file:docker.io]", hub.toString());
        IllegalStateException broken = assertThrows(
                IllegalStateException.class,
                () -> DockerConfigCredentials.parse(
                        "{\"auths\": {\"x\": {\"auth\": \"s3cret\"".getBytes(StandardCharsets.UTF_8), "c.json"));
        assertFalse(broken.getMessage().contains("s3cret"));
    }
}
