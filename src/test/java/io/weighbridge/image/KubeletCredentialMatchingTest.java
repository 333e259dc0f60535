package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.image.DockerConfigCredentials.Format;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Pull secret contents in both layouts, and which registry each key serves, as the kubelet decides. */
class KubeletCredentialMatchingTest {
    private static final WeighingContext ANY = new WeighingContext(Deadline.in(java.time.Duration.ofDays(1)), "team-a");
    private static final String ORIGIN = "pull-secret:team-a/regcred@7";

    /** The same keys in either layout; the user names the key that served. */
    private static final String KEYS = """
            {
              "https://index.docker.io/v1/": {"auth": "%s"},
              "registry.example:5000": {"auth": "%s"},
              "http://plain.example": {"username": "plain", "password": "p"},
              "quay.io/team": {"auth": "%s"},
              "quay.io": {"auth": "%s"},
              "*.corp.example": {"auth": "%s"},
              "exact.corp.example": {"auth": "%s"},
              "[fc00::1]:5000": {"auth": "%s"}
            }""".formatted(
                    auth("hub"),
                    auth("port5000"),
                    auth("quay-team"),
                    auth("quay"),
                    auth("corp-wildcard"),
                    auth("corp-exact"),
                    auth("ipv6"));

    private static String auth(String user) {
        return Base64.getEncoder().encodeToString((user + ":secret-of-" + user).getBytes(StandardCharsets.UTF_8));
    }

    private static DockerConfigCredentials secret(Format format) {
        String json = format == Format.CONFIG_JSON ? "{\"auths\": " + KEYS + "}" : KEYS;
        return DockerConfigCredentials.parse(
                json.getBytes(StandardCharsets.UTF_8), format, ORIGIN, "pull secret team-a/regcred");
    }

    @ParameterizedTest(name = "{0}/{1} is served by {2}")
    @CsvSource(nullValues = "none", textBlock = """
            docker.io,                 library/nginx,  hub
            index.docker.io,           library/nginx,  hub
            registry-1.docker.io,      acme/app,       hub
            registry.example:5000,     app,            port5000
            registry.example,          app,            none
            registry.example:5001,     app,            none
            plain.example,             app,            plain
            quay.io,                   team/app,       quay-team
            quay.io,                   team,           quay-team
            quay.io,                   teamwork/app,   quay
            quay.io,                   other/app,      quay
            build.corp.example,        app,            corp-wildcard
            exact.corp.example,        app,            corp-exact
            a.build.corp.example,      app,            none
            corp.example,              app,            none
            quay.io.evil.example,      team/app,       none
            evil.example,              library/nginx,  none
            [fc00::1]:5000,            app,            ipv6
            [FC00::1]:5000,            app,            ipv6
            [fc00::1]:5001,            app,            none
            [fc00::1],                 app,            none
            [fc00::2]:5000,            app,            none
            """)
    void eachKeyServesOnlyTheRegistriesTheKubeletWouldOfferItTo(
            String registry, String repository, String expectedUser) {
        for (Format format : Format.values()) {
            Optional<Credential> found = secret(format).find(registry, repository, ANY);
            assertEquals(
                    Optional.ofNullable(expectedUser),
                    found.map(Credential::username),
                    format + " " + registry + "/" + repository);
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aCredentialIsNamedByItsSecretAndKeyButNeverShowsItsPassword(Format format) {
        Credential credential = secret(format).find("quay.io", "team/app", ANY).orElseThrow();

        assertEquals("pull-secret:team-a/regcred@7:quay.io/team", credential.identity());
        assertEquals("secret-of-quay-team", credential.password());
        assertFalse(credential.toString().contains("secret-of"));
    }

    @Test
    void aDockercfgReadAsConfigJsonHasNoCredentialsAndTheOtherWayRoundNeither() {
        String dockercfg = "{\"quay.io\": {\"auth\": \"" + auth("quay") + "\"}}";
        String configJson = "{\"auths\": " + dockercfg + "}";

        assertTrue(parse(dockercfg, Format.CONFIG_JSON).isEmpty());
        assertTrue(parse(configJson, Format.DOCKERCFG).isEmpty());
        assertFalse(parse(dockercfg, Format.DOCKERCFG).isEmpty());
        assertFalse(parse(configJson, Format.CONFIG_JSON).isEmpty());
    }

    @Test
    void keysThatNameNoRegistryAndAuthWithoutAUserAreSkipped() {
        String json = """
                {"auths": {
                  "*": {"auth": "%s"},
                  "": {"auth": "%s"},
                  "has space.example": {"auth": "%s"},
                  "nouser.example": {"auth": "%s"}
                }}""".formatted(
                        auth("a"),
                        auth("b"),
                        auth("c"),
                        Base64.getEncoder().encodeToString(":only-password".getBytes(StandardCharsets.UTF_8)));

        assertTrue(parse(json, Format.CONFIG_JSON).isEmpty());
    }

    @Test
    void aSecretThatIsNotJsonIsRefusedWithoutQuotingIt() {
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> parse("{\"auths\": {\"x\": {\"password\": \"hunter2\"", Format.CONFIG_JSON));

        assertEquals("pull secret team-a/regcred is not valid JSON", refused.getMessage());
    }

    private static DockerConfigCredentials parse(String json, Format format) {
        return DockerConfigCredentials.parse(
                json.getBytes(StandardCharsets.UTF_8), format, ORIGIN, "pull secret team-a/regcred");
    }
}
