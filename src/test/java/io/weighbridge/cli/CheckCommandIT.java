package io.weighbridge.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.PolicyCase;
import io.weighbridge.testing.PolicyCase.ExpectedImage;
import io.weighbridge.testing.PushedImage;
import io.weighbridge.testing.RegistryHttpApi;
import io.weighbridge.testing.RegistryTestResource;
import io.weighbridge.testing.WorkloadFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weighbridge check} and {@code policy lint} as the jar runs them: {@link WeighbridgeMain}
 * launched by Quarkus with the command's arguments, in command mode (quiet logs on stderr), the
 * real engine and the fixture registries of {@link RegistryTestResource}. The installed policies
 * are the test ones ({@code src/test/resources/e2e/policies/test-limits.yaml}).
 */
@QuarkusMainTest
@TestProfile(CheckCommandIT.CommandLineMode.class)
class CheckCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@link WeighbridgeMain#main} sets before a command starts Quarkus, the fixture registries, and no cluster. */
    public static class CommandLineMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return CommandMode.PROPERTIES;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RegistryTestResource.class));
        }
    }

    private final Fixtures fixtures = Fixtures.get();

    @Test
    void checkAllowsTheSmallImageWithExitZero(QuarkusMainLauncher launcher) {
        LaunchResult result =
                launcher.launch("check", fixtures.small().reference().toString());

        assertEquals(0, result.exitCode(), output(result));
        assertTrue(result.getOutput().contains("ALLOW"), output(result));
    }

    @Test
    void checkDeniesTheBigImageWithExitOneAndSaysWhyAndWhatToDo(QuarkusMainLauncher launcher) {
        String big = fixtures.big().reference().toString();

        LaunchResult result = launcher.launch("check", big);

        assertEquals(1, result.exitCode(), output(result));
        assertTrue(
                result.getOutput()
                        .contains("[deny] test-limits/hard-cap: " + big + " is 7.5 MiB, above the 5Mi limit of "
                                + "test-limits/hard-cap; largest layer 6.0 MiB from `RUN apt-get update && apt-get install -y build-essential`; "
                                + "use --no-install-recommends and rm -rf /var/lib/apt/lists/* in the same RUN"),
                output(result));
    }

    @Test
    void checkOnlyWarnsAboutTheBigImageWhereItsNamespaceAllowsItAndExitsZero(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch(
                "check", "-n", "ml-training", fixtures.big().reference().toString());

        assertEquals(0, result.exitCode(), output(result));
        assertTrue(result.getOutput().contains("[warn] ml-workloads/very-big: "), output(result));
        assertTrue(
                result.getOutput().contains("is 7.5 MiB, above the 6Mi limit of ml-workloads/very-big"),
                output(result));
    }

    @Test
    void checkPrintsTheDesignDocumentAsJsonWithTheRegistrysDigestsAndSizes(QuarkusMainLauncher launcher)
            throws Exception {
        PushedImage small = fixtures.small();
        PushedImage big = fixtures.big();
        PushedImage multi = fixtures.multiArch();

        LaunchResult result = launcher.launch(
                "check",
                "-o",
                "json",
                "-n",
                "shop",
                small.reference().toString(),
                big.reference().toString(),
                multi.reference().toString());

        assertEquals(1, result.exitCode(), output(result));
        JsonNode report = JSON.readTree(result.getOutput());
        assertEquals("deny", report.path("verdict").asText(), result.getOutput());
        assertEquals(3, report.path("images").size(), result.getOutput());
        assertWeighed(report.path("images").get(0), small, "alpine 3.20.3", "allow");
        assertWeighed(report.path("images").get(1), big, "debian 12", "deny");
        assertWeighed(report.path("images").get(2), multi, "alpine 3.20.3", "allow");
        JsonNode hardCap = report.at("/images/1/findings/0");
        assertAll(
                () -> assertEquals("hard-cap", hardCap.path("rule").asText()),
                () -> assertEquals("test-limits", hardCap.path("policy").asText()),
                () -> assertEquals("deny", hardCap.path("action").asText()),
                () -> assertTrue(hardCap.path("message").asText().contains("above the 5Mi limit"), hardCap.toString()));
    }

    @Test
    void aDeploymentPinnedToArm64IsWeighedAtTheArm64ManifestsBytes(QuarkusMainLauncher launcher, @TempDir Path work)
            throws Exception {
        PushedImage multi = fixtures.multiArch();
        long arm64Bytes = registryBytesOf(multi, "arm64");
        Path deployment = Files.writeString(work.resolve("arm.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: arm, namespace: shop}
                spec:
                  selector: {matchLabels: {app: arm}}
                  template:
                    metadata: {labels: {app: arm}}
                    spec:
                      nodeSelector: {kubernetes.io/arch: arm64}
                      containers: [{name: app, image: "%s"}]
                """.formatted(multi.reference()));

        LaunchResult result = launcher.launch("check", "-o", "json", "-f", deployment.toString());

        JsonNode image = JSON.readTree(result.getOutput()).at("/images/0");
        assertEquals("linux/arm64", image.path("platform").asText(), result.getOutput());
        assertEquals(arm64Bytes, image.path("sizeBytes").asLong(), result.getOutput());
        // ≈ 8 MiB, above the test policy's 5Mi cap: the arm64 pods are denied, and the message says which platform and
        // why.
        assertEquals(1, result.exitCode(), output(result));
        assertTrue(
                image.at("/findings/0/message").asText().contains("(weighed for arm64, pinned by nodeSelector)"),
                result.getOutput());
    }

    /** Config and distinct layers of the {@code architecture} manifest of {@code index}, as the registry's own manifests state them. */
    private long registryBytesOf(PushedImage index, String architecture) throws Exception {
        RegistryHttpApi api = fixtures.plainRegistry().api();
        String repository = index.reference().repository();
        JsonNode list =
                JSON.readTree(api.manifest(repository, index.reference().tag()).body());
        String digest = null;
        for (JsonNode entry : list.path("manifests")) {
            if (architecture.equals(entry.at("/platform/architecture").asText())) {
                digest = entry.path("digest").asText();
            }
        }
        JsonNode manifest = JSON.readTree(api.manifest(repository, digest).body());
        long bytes = manifest.at("/config/size").asLong();
        Set<String> layers = new HashSet<>();
        for (JsonNode layer : manifest.path("layers")) {
            if (layers.add(layer.path("digest").asText())) {
                bytes += layer.path("size").asLong();
            }
        }
        return bytes;
    }

    @Test
    void checkOfAPolicyCasesObjectGivesTheCasesVerdicts(QuarkusMainLauncher launcher, @TempDir Path work)
            throws Exception {
        List<String> mismatches = new ArrayList<>();
        // Two cases, a deny and a warn: each launch starts Quarkus, and PolicyCasesIT runs them all.
        for (String name : List.of("big-debian-image-denied", "too-many-layers-warned")) {
            PolicyCase policyCase = PolicyCase.read(
                    name,
                    fixtures.plainRegistry().hostPort(),
                    fixtures.authRegistry().hostPort());
            Path folder = Files.createDirectories(work.resolve(name));
            Path policy = Files.writeString(folder.resolve("policy.yaml"), policyCase.policy());
            Path object = Files.writeString(folder.resolve("object.yaml"), policyCase.objectText());

            LaunchResult result =
                    launcher.launch("check", "-o", "json", "--policy", policy.toString(), "-f", object.toString());

            JsonNode report = JSON.readTree(result.getOutput());
            String expected = policyCase.expected().verdict() + " "
                    + policyCase.expected().images().stream()
                            .map(ExpectedImage::verdict)
                            .toList()
                    + " exit " + ("deny".equals(policyCase.expected().verdict()) ? 1 : 0);
            List<String> verdicts = new ArrayList<>();
            report.path("images")
                    .forEach(image -> verdicts.add(image.path("verdict").asText()));
            String actual = report.path("verdict").asText() + " " + verdicts + " exit " + result.exitCode();
            if (!expected.equals(actual)) {
                mismatches.add(name + ": expected " + expected + ", got " + actual + "\n" + output(result));
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    /** Issue 11's quoted case: these were "skipped …: not a kind whose images are judged", exit 0. */
    @Test
    void checkJudgesOldApiVersionsOfAManifestLikeTheCurrentOnes(QuarkusMainLauncher launcher, @TempDir Path work)
            throws Exception {
        String registry = fixtures.plainRegistry().hostPort();
        String big = fixtures.big().reference().toString();
        Path manifest = Files.writeString(
                work.resolve("legacy.yaml"),
                Stream.of("kinds/deployment-extensions-v1beta1.yaml", "kinds/cronjob-batch-v1beta1.yaml")
                        .map(file -> WorkloadFixture.read(WorkloadFixture.FOLDER.resolve(file))
                                .text(big, registry))
                        .collect(Collectors.joining("---\n")));

        LaunchResult result = launcher.launch("check", "-f", manifest.toString());

        assertEquals(1, result.exitCode(), output(result));
        assertTrue(!result.getErrorOutput().contains("skipped"), output(result));
        assertEquals(
                2,
                result.getOutput()
                        .lines()
                        .filter(line -> line.startsWith(big + " ") && line.endsWith("DENY"))
                        .count(),
                output(result));
    }

    @Test
    void checkWithAnInvalidPolicyFileExitsTwoNamingFileLineAndField(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch(
                "check",
                "--policy",
                "src/test/resources/policies/invalid/bad-sizes.yaml",
                fixtures.small().reference().toString());

        assertEquals(2, result.exitCode(), output(result));
        assertTrue(result.getErrorOutput().contains("bad-sizes.yaml:8: spec.rules[0].maxSize"), output(result));
    }

    @Test
    void policyLintExitsZeroForTheInstalledTestPolicies(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("policy", "lint", "src/test/resources/e2e/policies");

        assertEquals(0, result.exitCode(), output(result));
        assertTrue(result.getOutput().contains("valid: 5 policies"), output(result));
    }

    @Test
    void policyLintExitsOneForAnInvalidFile(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("policy", "lint", "src/test/resources/policies/invalid/bad-sizes.yaml");

        assertEquals(1, result.exitCode(), output(result));
        assertTrue(result.getOutput().contains("bad-sizes.yaml:8: spec.rules[0].maxSize"), output(result));
    }

    /** Issue 12: 41.6 s of silence, then fabric8's "Operation: [list] for kind: [Deployment] … failed", exit 3. */
    @Test
    void auditWithoutAReachableClusterSaysWhichServerItTriedInOneLine(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("audit", "-A");

        assertEquals(3, result.exitCode(), output(result));
        List<String> errors = CommandErrorLines.of(result.getErrorStream());
        assertEquals(1, errors.size(), output(result));
        String line = errors.get(0);
        assertTrue(
                line.startsWith("error: cannot audit: the server ")
                        && line.contains(" (")
                        && line.contains("kubeconfig"),
                line);
        assertEquals("", result.getOutput());
    }

    private static void assertWeighed(JsonNode entry, PushedImage pushed, String base, String verdict) {
        assertAll(
                pushed.reference().toString(),
                () -> assertEquals(
                        pushed.reference().toString(), entry.path("image").asText()),
                () -> assertEquals(pushed.digest(), entry.path("digest").asText()),
                () -> assertEquals(pushed.platform(), entry.path("platform").asText()),
                () -> assertEquals(pushed.sizeBytes(), entry.path("sizeBytes").asLong()),
                () -> assertEquals(pushed.layerCount(), entry.path("layers").asInt()),
                () -> assertEquals(
                        pushed.largestLayerBytes(),
                        entry.path("largestLayerBytes").asLong()),
                () -> assertEquals(base, entry.path("base").asText()),
                () -> assertTrue(entry.path("findings").isArray(), entry.toString()),
                () -> assertEquals(verdict, entry.path("verdict").asText()));
    }

    private static String output(LaunchResult result) {
        return "stdout:\n" + result.getOutput() + "\nstderr:\n" + result.getErrorOutput();
    }
}
