package io.weighbridge.admission;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Set;

/** Runs the endpoint tests against {@link ScriptedPolicyEngine} instead of the real engine. */
public class ScriptedEngineProfile implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ScriptedPolicyEngine.class);
    }
}
