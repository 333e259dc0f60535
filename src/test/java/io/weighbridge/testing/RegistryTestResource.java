package io.weighbridge.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the webhook at the fixture registries. {@code @QuarkusTestResource(RegistryTestResource.class)}
 * on one test class applies it to every {@code @QuarkusTest} without extra Quarkus restarts;
 * {@code @WithTestResource} restricts it to the annotated class. Either way the registries are
 * the JVM-wide {@link Fixtures}: they outlive every Quarkus restart and stop with the JVM.
 */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String REGISTRY_PROPERTY = "weighbridge.test.registry";
    public static final String AUTH_REGISTRY_PROPERTY = "weighbridge.test.auth-registry";

    @Override
    public Map<String, String> start() {
        Fixtures fixtures = Fixtures.get();
        String plain = fixtures.plainRegistry().hostPort();
        String auth = fixtures.authRegistry().hostPort();
        return Map.of(
                "weighbridge.registry.plain-http",
                plain + "," + auth,
                "weighbridge.registry.allowed-networks",
                "127.0.0.0/8",
                "weighbridge.registry.auth-file",
                fixtures.authFile().toString(),
                REGISTRY_PROPERTY,
                plain,
                AUTH_REGISTRY_PROPERTY,
                auth);
    }

    /** Nothing to do: the registries are shared by every test in the JVM and stopped by a shutdown hook. */
    @Override
    public void stop() {}
}
