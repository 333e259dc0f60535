package io.weighbridge.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Keeps the policy-case folders well-formed; running them against the registry is the integration tests' job. */
class PolicyCasesTest {
    private static final Path CASES = Path.of("src/test/resources/policy-cases");

    static Stream<Path> cases() throws IOException {
        return Files.list(CASES).filter(Files::isDirectory).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCaseHasAValidPolicyAnObjectAndAnExpectation(Path folder) throws Exception {
        String policy = Files.readString(folder.resolve("policy.yaml"))
                .replace("${auth-registry}", "auth.registry.test:5000")
                .replace("${registry}", "registry.test:5000");
        assertFalse(PolicyLoader.parse(policy, folder.resolve("policy.yaml").toString())
                .policies()
                .isEmpty());
        assertTrue(Files.readString(folder.resolve("object.yaml")).contains("image: "));
        assertTrue(Files.readString(folder.resolve("expected.yaml")).startsWith("verdict: "));
    }
}
