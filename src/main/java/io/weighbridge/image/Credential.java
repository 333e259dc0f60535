package io.weighbridge.image;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password (or token) for one registry, or {@link #ANONYMOUS}: no credential.
 *
 * @param identity where the credential came from, safe to log and to key caches by
 *     ({@code auth-file:quay.io/org}); never the secret itself; {@code anonymous} for none
 */
public record Credential(String identity, String username, String password) {
    /** No credential: requests go without one, and what they fetch is cached for everyone without one. */
    public static final Credential ANONYMOUS = new Credential("anonymous", "", "");

    public boolean anonymous() {
        return this == ANONYMOUS || ANONYMOUS.identity.equals(identity) && username.isEmpty();
    }

    public String basicAuthorization() {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credential[" + identity + "]";
    }
}
