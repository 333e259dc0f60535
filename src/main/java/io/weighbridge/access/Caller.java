package io.weighbridge.access;

import io.fabric8.kubernetes.api.model.authentication.UserInfo;

/**
 * Who called the API.
 *
 * @param user as the Kubernetes API authenticated it, or {@code null} for a caller let in
 *     without authentication (no Kubernetes API, or {@code weighbridge.api.authentication=none})
 */
public record Caller(UserInfo user) {
    static final Caller UNAUTHENTICATED = new Caller(null);

    public boolean authenticated() {
        return user != null;
    }

    /** The user name, or a word for the unauthenticated. */
    public String name() {
        return user == null ? "an unauthenticated caller" : user.getUsername();
    }
}
