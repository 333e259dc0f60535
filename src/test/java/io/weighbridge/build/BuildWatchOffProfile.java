package io.weighbridge.build;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The build watch off, as by default, said explicitly. A profile of its own also gives the test a
 * fresh application: after another default-profile test in the same JVM, an application restarted
 * only for the mock API server scraped meters bound to the previous one's beans.
 */
public class BuildWatchOffProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("weighbridge.builds.watch-enabled", "false");
    }
}
