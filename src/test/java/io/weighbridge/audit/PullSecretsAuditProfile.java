package io.weighbridge.audit;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.weighbridge.testing.Fixtures;
import java.util.Map;

/** No static auth file: a private image can only be weighed with the pull secrets in the mock API server. */
public class PullSecretsAuditProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Fixtures fixtures = Fixtures.get();
        return Map.of(
                "weighbridge.registry.auth-file", "",
                "weighbridge.registry.plain-http",
                        fixtures.plainRegistry().hostPort() + ","
                                + fixtures.authRegistry().hostPort(),
                "weighbridge.registry.allowed-networks", "127.0.0.0/8");
    }
}
