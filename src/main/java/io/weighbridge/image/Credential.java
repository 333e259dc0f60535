package io.weighbridge.image;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password (or token) for one registry.
 *
 * @param identity where the credential came from, safe to log and to key caches by
 *     ({@code auth-file:quay.io/org}); never the secret itself
 */
public record Credential(String identity, String username, String password) {

    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credential[" + identity + "]";
    }
}
