package io.weighbridge.admission;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.weighbridge.testing.Fixtures;
import java.util.Map;

/**
 * The real engine with no static auth file: whatever a private image is weighed with comes from
 * the pull secrets in the mock API server. The recorder is reachable over plain HTTP like the
 * fixture registries.
 */
public class PullSecretsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Fixtures fixtures = Fixtures.get();
        return Map.of(
                "weighbridge.registry.auth-file", "",
                "weighbridge.registry.plain-http",
                        String.join(
                                ",",
                                fixtures.plainRegistry().hostPort(),
                                fixtures.authRegistry().hostPort(),
                                "127.0.0.1:" + AuthorizationRecorder.port()),
                "weighbridge.registry.allowed-networks", "127.0.0.0/8");
    }
}
