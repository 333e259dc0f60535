package io.weighbridge.testing;

import io.fabric8.kubernetes.client.Config;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Quarkus' mock Kubernetes server ({@code @WithKubernetesTestServer}) sets fabric8's system
 * properties for its test class and never removes them, so every later Quarkus test of the same
 * JVM would find a Kubernetes API (the stopped mock server): pull secrets would be read from it and
 * callers of {@code /api/v1/check} asked for a token it cannot review (401). Removed after every
 * test class; a class that starts the server sets them again. Registered through
 * {@code META-INF/services} (JUnit's extension autodetection, which Quarkus turns on).
 */
public final class KubernetesServerPropertiesReset implements AfterAllCallback {
    /** What {@code AbstractKubernetesTestResource.start} sets. */
    static final List<String> PROPERTIES = List.of(
            Config.KUBERNETES_MASTER_SYSTEM_PROPERTY,
            Config.KUBERNETES_TRUST_CERT_SYSTEM_PROPERTY,
            Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY,
            Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY,
            Config.KUBERNETES_NAMESPACE_SYSTEM_PROPERTY,
            Config.KUBERNETES_HTTP2_DISABLE,
            "quarkus.tls.trust-all");

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getTestClass().isPresent() && context.getRequiredTestClass().getEnclosingClass() == null) {
            PROPERTIES.forEach(System::clearProperty);
        }
    }
}
