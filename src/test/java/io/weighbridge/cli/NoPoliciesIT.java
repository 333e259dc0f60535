package io.weighbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code check} and {@code audit} as the jar runs them from a folder without {@code policies/}:
 * exit 2 with one line naming the folder they looked in, before weighing or listing anything
 * (issue 12: it printed {@code ALLOW … not weighed} and exited 0).
 */
@QuarkusMainTest
@TestProfile(NoPoliciesIT.NoInstalledPolicies.class)
class NoPoliciesIT {
    private static final String MISSING = "target/no-such-policies";

    public static class NoInstalledPolicies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(CommandMode.PROPERTIES);
            config.put("weighbridge.policy.path", MISSING);
            return config;
        }
    }

    private static final String REFUSAL = "error: no policies in force: "
            + Path.of(MISSING).toAbsolutePath() + " does not exist (set --policy or WEIGHBRIDGE_POLICY_PATH)";

    @Test
    void checkExitsTwoNamingTheFolderItLookedIn(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "nginx:1.27-alpine");

        assertEquals(2, result.exitCode(), result.getOutput() + result.getErrorOutput());
        assertEquals("", result.getOutput());
        assertEquals(List.of(REFUSAL), CommandErrorLines.of(result.getErrorStream()));
    }

    @Test
    void auditExitsTwoBeforeItLooksForACluster(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("audit", "-A");

        assertEquals(2, result.exitCode(), result.getOutput() + result.getErrorOutput());
        assertEquals(List.of(REFUSAL), CommandErrorLines.of(result.getErrorStream()));
    }
}
