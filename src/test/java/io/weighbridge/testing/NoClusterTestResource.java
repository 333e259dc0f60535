package io.weighbridge.testing;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A laptop without a cluster, whatever ran before in this JVM: Quarkus's Kubernetes mock-server
 * resource publishes the mock's URL as the system property {@code kubernetes.master} and never
 * takes it back, so a later test would find a stopped API server there (and warn about every pull
 * secret it cannot read) instead of none at all.
 */
public class NoClusterTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        System.clearProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY);
        return Map.of();
    }

    @Override
    public void stop() {}
}
