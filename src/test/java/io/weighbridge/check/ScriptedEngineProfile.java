package io.weighbridge.check;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/** Quarkus with {@link ScriptedCheckEngine} in place of the engine; the installed policies are the shipped ones. */
public class ScriptedEngineProfile implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ScriptedCheckEngine.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("weighbridge.policy.watch", "false");
    }
}
