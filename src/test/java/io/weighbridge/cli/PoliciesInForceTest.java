package io.weighbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weighbridge.check.PolicyReader;
import io.weighbridge.cli.PoliciesInForce.NoPoliciesException;
import io.weighbridge.policy.Enforcement;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.policy.PolicyValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A check or audit never judges by no policy: a missing path or an empty one is refused in one line. */
class PoliciesInForceTest {
    private static final PolicyReader READER = new PolicyReader() {
        @Override
        public PolicySet parse(String yaml, String sourceName) throws PolicyValidationException {
            return PolicyLoader.parse(yaml, sourceName);
        }

        @Override
        public PolicySet load(Path fileOrFolder) throws PolicyValidationException {
            return PolicyLoader.load(fileOrFolder);
        }
    };
    private static final Path SHIPPED = Path.of("policies");

    @TempDir
    Path work;

    @Test
    void aMissingInstalledPathIsNamedResolvedAgainstTheWorkingFolder() {
        NoPoliciesException refused = assertThrows(
                NoPoliciesException.class,
                () -> PoliciesInForce.load(READER, null, Path.of("no-such-policies"), Optional.empty()));

        assertEquals(
                "no policies in force: " + Path.of("no-such-policies").toAbsolutePath()
                        + " does not exist (set --policy or WEIGHBRIDGE_POLICY_PATH)",
                refused.getMessage());
    }

    @Test
    void anInstalledFolderWithoutAPolicyDocumentIsRefusedToo() throws Exception {
        Files.writeString(work.resolve("notes.yaml"), "# nothing here yet\n");

        NoPoliciesException refused = assertThrows(
                NoPoliciesException.class, () -> PoliciesInForce.load(READER, null, work, Optional.empty()));

        assertEquals(
                "no policies in force: " + work.toAbsolutePath()
                        + " holds no ImageSizePolicy document in its *.yaml/*.yml files (set --policy or WEIGHBRIDGE_POLICY_PATH)",
                refused.getMessage());
    }

    @Test
    void aMissingPolicyOptionIsNamedAsGiven() {
        NoPoliciesException refused = assertThrows(
                NoPoliciesException.class,
                () -> PoliciesInForce.load(READER, Path.of("my-policy.yaml"), SHIPPED, Optional.empty()));

        assertEquals(
                "no policies in force: --policy my-policy.yaml: "
                        + Path.of("my-policy.yaml").toAbsolutePath() + " does not exist",
                refused.getMessage());
    }

    @Test
    void anEmptyPolicyFileIsRefused() throws Exception {
        Path empty = Files.writeString(work.resolve("trial.yaml"), "---\n");

        NoPoliciesException refused = assertThrows(
                NoPoliciesException.class, () -> PoliciesInForce.load(READER, empty, SHIPPED, Optional.empty()));

        assertEquals(
                "no policies in force: --policy " + empty + ": " + empty.toAbsolutePath()
                        + " holds no ImageSizePolicy document",
                refused.getMessage());
    }

    @Test
    void theInstalledPoliciesCarryTheInstallWideEnforcementOverrideAndATriedFileDoesNot() throws Exception {
        PolicySet installed = PoliciesInForce.load(READER, null, SHIPPED, Optional.of(Enforcement.DRYRUN));
        PolicySet tried = PoliciesInForce.load(
                READER, SHIPPED.resolve("cluster-defaults.yaml"), SHIPPED, Optional.of(Enforcement.DRYRUN));

        assertEquals(2, installed.policies().size());
        installed.policies().forEach(policy -> assertEquals(Enforcement.DRYRUN, policy.enforcement()));
        assertEquals(Enforcement.ENFORCE, tried.policies().get(0).enforcement());
    }

    @Test
    void anInvalidFileIsReportedWithItsProblemsNotAsMissing() {
        assertThrows(
                PolicyValidationException.class,
                () -> PoliciesInForce.load(
                        READER,
                        Path.of("src/test/resources/policies/invalid/bad-sizes.yaml"),
                        SHIPPED,
                        Optional.empty()));
    }
}
