package io.weighbridge.logging;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The application with {@code weighbridge.log.json=true}. */
public class JsonLogProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("weighbridge.log.json", "true");
    }
}
