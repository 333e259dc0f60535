package io.weighbridge.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which token realm may receive which registry's credentials. */
class TokenRealmsTest {
    private static final String REFUSED = "not the registry's host; name it in weighbridge.registry.token-realms";
    private final TokenRealms realms =
            TokenRealms.parse(List.of("registry.gitlab.com=gitlab.com", "reg.example:5000=auth.example:8443"));

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "quay.io,                 https://quay.io/v2/auth,                  yes",
        "127.0.0.1:5000,          http://127.0.0.1:5001/token,              yes",
        "ghcr.io,                 https://ghcr.io/token,                    yes",
        "docker.io,               https://auth.docker.io/token,             yes",
        "index.docker.io,         https://auth.docker.io/token,             yes",
        "docker.io,               https://registry-1.docker.io/token,       yes",
        "registry.gitlab.com,     https://gitlab.com/jwt/auth,              yes",
        "reg.example:5000,        https://auth.example:8443/token,          yes",
        "reg.example:5000,        https://auth.example/token,               no",
        "quay.io,                 https://auth.docker.io/token,             no",
        "quay.io,                 https://evil.example/token,               no",
        "registry.gitlab.com,     https://gitlab.com.evil.example/jwt,      no",
        "quay.io,                 https://gitlab.com/jwt/auth,              no",
        "127.0.0.1:5000,          http://127.0.0.2:5000/token,              no",
    })
    void sendsCredentialsOnlyToTheRegistrysOwnHostOrANamedRealm(String registry, String realm, String trusted) {
        assertEquals(
                trusted.equals("yes") ? Optional.empty() : Optional.of(REFUSED),
                realms.refusal(registry, URI.create(realm)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"gitlab.com", "=gitlab.com", "registry.gitlab.com=", "registry.gitlab.com=https://gitlab.com/jwt"
            })
    void refusesAnEntryThatIsNotRegistryEqualsRealmHost(String entry) {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> TokenRealms.parse(List.of(entry)));
        assertEquals(
                "weighbridge.registry.token-realms: \"" + entry + "\" is not REGISTRY=REALM_HOST[:PORT]",
                refused.getMessage());
    }
}
