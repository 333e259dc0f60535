package io.weighbridge.tls;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The webhook as deploy/ runs it, with a Secret volume of its own: HTTPS only, from the TLS
 * registry's configuration {@code webhook} (the names the Deployment sets as environment
 * variables), health and metrics on the plain management port. The reload period
 * ({@code weighbridge.tls.reload-period}) is 1 s here
 * instead of the Deployment's minute, so the test waits seconds.
 */
public class RotatingCertificateProfile implements QuarkusTestProfile {
    static final long RELOAD_PERIOD_SECONDS = 1;

    /** Shared with the test, which renews the pair; made once per JVM, before Quarkus starts. */
    static final ServingCertificates SECRET = ServingCertificates.shared("weighbridge-a");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.test-ssl-port", "0",
                "quarkus.http.insecure-requests", "disabled",
                "quarkus.http.tls-configuration-name", "webhook",
                "quarkus.tls.webhook.key-store.pem.0.cert",
                        SECRET.certificateFile().toString(),
                "quarkus.tls.webhook.key-store.pem.0.key", SECRET.keyFile().toString(),
                "weighbridge.tls.reload-period", RELOAD_PERIOD_SECONDS + "s",
                "quarkus.management.enabled", "true",
                "quarkus.management.test-port", "0");
    }
}
