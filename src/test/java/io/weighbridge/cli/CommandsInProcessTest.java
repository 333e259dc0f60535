package io.weighbridge.cli;

import static io.weighbridge.check.Verdicts.finding;
import static io.weighbridge.check.Verdicts.weighed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.weighbridge.check.ScriptedCheckEngine;
import io.weighbridge.check.ScriptedEngineProfile;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.InvalidImageReferenceException;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.ImageUse;
import jakarta.inject.Inject;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as main runs them once Quarkus is up: beans from CDI, output captured. */
@QuarkusTest
@TestProfile(ScriptedEngineProfile.class)
class CommandsInProcessTest {

    @Inject
    CdiCommandFactory factory;

    @Inject
    ScriptedCheckEngine engine;

    @TempDir
    Path work;

    @BeforeEach
    void reset() {
        engine.reset();
    }

    @Test
    void checkExitsZeroWhenOnlyWarned() {
        engine.script(weighed("python:3.12", 900, finding("very-big", Action.WARN, "python:3.12 is very big")));

        InProcessRun run = run("check", "python:3.12", "alpine:3.20");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("python:3.12  901.0 MiB  2       alpine 3.20.3  WARN"), run.out());
        assertTrue(run.out().contains("[warn] cluster-defaults/very-big: python:3.12 is very big"), run.out());
    }

    @Test
    void checkExitsOneWhenDenied() {
        engine.script(weighed("ml/trainer:1", 9000, finding("hard-cap", Action.DENY, "ml/trainer:1 is too big")));

        assertEquals(1, run("check", "ml/trainer:1").exitCode());
    }

    @Test
    void checkPrintsExactlyTheReportAsJson() throws Exception {
        InProcessRun run = run("check", "-o", "json", "-n", "shop", "nginx");

        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals("allow", report.get("verdict").asText());
        assertEquals("nginx", report.at("/images/0/image").asText());
        assertEquals("shop", engine.requests().get(0).namespace());
    }

    @Test
    void checkReadsEveryWorkloadOfAManifestAndSkipsOtherKinds() throws Exception {
        InProcessRun run =
                run("check", "-f", resource("manifests/check-shop.yaml").toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(
                run.err().contains("skipped ConfigMap/shop-settings: not a kind whose images are judged"), run.err());
        assertTrue(run.err().contains("skipped Service/web"), run.err());
        List<String> judged =
                engine.requests().stream().map(EvaluationRequest::kind).toList();
        assertEquals(List.of("Deployment", "CronJob", "Pod"), judged);
        assertTrue(run.out().contains("used by Deployment/shop/web, container nginx"), run.out());
        assertTrue(run.out().contains("used by CronJob/nightly-report, container report"), run.out());
        assertEquals("shop", engine.requests().get(2).namespace(), "--namespace absent: the Pod keeps its own");
    }

    @Test
    void checkFillsInTheNamespaceOfObjectsThatHaveNone() throws Exception {
        InProcessRun run = run(
                "check",
                "-n",
                "staging",
                "-f",
                resource("manifests/check-pod-without-namespace.yaml").toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("staging", engine.requests().get(0).namespace());
    }

    @Test
    void checkRefusesANamespaceThatContradictsTheManifest() throws Exception {
        InProcessRun run = run(
                "check",
                "-n",
                "staging",
                "-f",
                resource("manifests/check-shop.yaml").toString());

        assertEquals(2, run.exitCode());
        assertTrue(
                run.err().contains("namespace staging was given but Deployment/shop/web is in namespace shop"),
                run.err());
        assertTrue(engine.requests().isEmpty());
    }

    @Test
    void checkTriesAPolicyFileInsteadOfTheInstalledOnes() throws Exception {
        run("check", "--policy", resource("policies/valid/defaults.yaml").toString(), "nginx");

        assertEquals(1, engine.requests().get(0).policies().policies().size());
    }

    @Test
    void checkExitsTwoForAnInvalidPolicyFileAndNamesTheProblem() throws Exception {
        Path broken = resource("policies/invalid/bad-sizes.yaml");

        InProcessRun run = run("check", "--policy", broken.toString(), "nginx");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("bad-sizes.yaml:8: spec.rules[0].maxSize"), run.err());
        assertTrue(engine.requests().isEmpty());
    }

    @Test
    void checkExitsTwoForAManifestThatCannotBeRead() {
        InProcessRun run = run("check", "-f", "no-such-manifest.yaml");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no-such-manifest.yaml: no such file"), run.err());
    }

    @Test
    void checkTellsADockerfileOnStdinByItsFirstInstruction() {
        InProcessRun run = runWithStdin("""
                # syntax=docker/dockerfile:1
                ARG BASE=alpine:3.20
                FROM ${BASE}
                RUN apk add curl
                """, "check", "-f", "-");

        assertEquals(0, run.exitCode(), run.err());
        EvaluationRequest request = engine.requests().get(0);
        assertEquals(
                List.of("alpine:3.20"),
                request.images().stream().map(ImageUse::image).toList());
        assertEquals("stdin", request.dockerfile().origin());
        assertEquals(
                "docker/dockerfile:1",
                request.dockerfile().dockerfile().directives().get("syntax"));
        assertEquals(3, request.dockerfile().dockerfile().instructions().size());
        assertTrue(run.out().contains("alpine:3.20"), run.out());
    }

    @Test
    void checkAppliesBuildArgsToTheFromOfADockerfile() throws Exception {
        Path dockerfile =
                Files.writeString(work.resolve("Dockerfile"), "ARG BASE=alpine:3.20\nARG TAG\nFROM ${BASE}${TAG}\n");

        InProcessRun run = run(
                "check",
                "-f",
                dockerfile.toString(),
                "--build-arg",
                "BASE=ignored",
                "--build-arg",
                "BASE=debian",
                "--build-arg",
                "TAG=:12",
                "--build-arg",
                "NOT_DECLARED=x");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                List.of("debian:12"),
                engine.requests().get(0).images().stream().map(ImageUse::image).toList());
    }

    @Test
    void checkRefusesBuildArgsForAManifest() throws Exception {
        InProcessRun run =
                run("check", "-f", resource("manifests/check-shop.yaml").toString(), "--build-arg", "BASE=debian:12");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--build-arg applies to a Dockerfile, and "), run.err());
        assertTrue(engine.requests().isEmpty());
    }

    @Test
    void checkReadsAManifestOnStdinAsBefore() throws Exception {
        InProcessRun run = runWithStdin(Files.readString(resource("manifests/check-shop.yaml")), "check", "-f", "-");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                List.of("Deployment", "CronJob", "Pod"),
                engine.requests().stream().map(EvaluationRequest::kind).toList());
        assertTrue(engine.requests().stream().allMatch(request -> request.dockerfile() == null));
        assertTrue(run.out().contains("used by Deployment/shop/web, container nginx"), run.out());
    }

    @Test
    void checkExitsTwoWithOneLineForGarbageOnStdin() {
        InProcessRun run = runWithStdin("this is neither\na manifest nor a Dockerfile\n", "check", "-f", "-");

        assertEquals(2, run.exitCode(), run.out());
        assertEquals(
                List.of(
                        "error: stdin: neither a Dockerfile (FROM or ARG first) nor a manifest: document 1 is plain text,"
                                + " not a Kubernetes object (a mapping with apiVersion and kind)"),
                run.err().lines().toList());
        assertTrue(engine.requests().isEmpty());
    }

    @Test
    void checkExitsTwoForEmptyStdin() {
        InProcessRun run = runWithStdin("\n", "check", "-f", "-");

        assertEquals(2, run.exitCode(), run.out());
        assertEquals(
                List.of("error: stdin: empty; a manifest or a Dockerfile was expected"),
                run.err().lines().toList());
    }

    @Test
    void checkRefusesAnInvalidReferenceInOneLineWithTheParsersReasonAndWeighsNothing() {
        String reason = assertThrows(
                        InvalidImageReferenceException.class, () -> ImageReference.parse("Nginx:1.27-alpine"))
                .getMessage();

        InProcessRun run = run("check", "nginx:1.27-alpine", "Nginx:1.27-alpine");

        assertEquals(2, run.exitCode(), run.out());
        assertEquals(
                List.of("error: " + reason + " (see weighbridge check --help)"),
                run.err().lines().toList());
        assertEquals("", run.out());
        assertTrue(engine.requests().isEmpty());
    }

    @Test
    void checkRefusesAPolicyFileThatDoesNotExistNamingItAsGiven() {
        InProcessRun run = run("check", "--policy", "my-policy.yaml", "nginx");

        assertEquals(2, run.exitCode(), run.out());
        assertEquals(
                List.of("error: no policies in force: --policy my-policy.yaml: "
                        + Path.of("my-policy.yaml").toAbsolutePath() + " does not exist"),
                run.err().lines().toList());
        assertTrue(engine.requests().isEmpty());
    }

    @Test
    void checkAndAuditRefuseAFolderWithoutAnyPolicy() throws Exception {
        Path empty = Files.createDirectories(work.resolve("policies"));

        for (String command : List.of("check", "audit")) {
            InProcessRun run = "check".equals(command)
                    ? run(command, "--policy", empty.toString(), "nginx")
                    : run(command, "--policy", empty.toString(), "-A");

            assertEquals(2, run.exitCode(), command + ": " + run.out() + run.err());
            assertEquals(
                    List.of("error: no policies in force: --policy " + empty + ": " + empty
                            + " holds no ImageSizePolicy document in its *.yaml/*.yml files"),
                    run.err().lines().toList(),
                    command);
        }
        assertTrue(engine.requests().isEmpty());
    }

    @Test
    void checkJudgesByTheInstalledPoliciesAsLoadedNotByTheEnginesDefault() {
        run("check", "nginx");

        assertTrue(engine.requests().get(0).policies() != null, "the command names the policies it judges by");
        assertTrue(engine.requests().get(0).policies().policies().size() > 0);
    }

    @Test
    void lintNamesAMissingPathAsTheArgumentItWasGiven() {
        InProcessRun run = run("policy", "lint", "my-policy.yaml");

        assertEquals(1, run.exitCode());
        assertEquals(
                List.of("my-policy.yaml: no such file or folder"),
                run.out().lines().toList());
    }

    @Test
    void lintFailsAFolderWithoutAnyPolicy() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty"));

        InProcessRun run = run("policy", "lint", empty.toString());

        assertEquals(1, run.exitCode(), run.out());
        assertEquals(
                List.of(empty + ": no ImageSizePolicy document in its *.yaml/*.yml files"),
                run.out().lines().toList());
    }

    @Test
    void lintExitsZeroWithASummaryForValidPolicies() throws Exception {
        InProcessRun run = run(
                "policy",
                "lint",
                resource("policies/valid/several-documents.yaml").toString());

        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().startsWith("valid: "), run.out());
    }

    @Test
    void lintExitsOneWithOneLinePerProblem() throws Exception {
        InProcessRun run = run(
                "policy", "lint", resource("policies/invalid/bad-sizes.yaml").toString());

        assertEquals(1, run.exitCode());
        List<String> lines = run.out().lines().toList();
        assertEquals(5, lines.size(), run.out());
        assertTrue(lines.get(0).matches(".*bad-sizes\\.yaml:8: spec\\.rules\\[0\\]\\.maxSize: .*"), lines.get(0));
    }

    private InProcessRun run(String... args) {
        return runWithStdin("", args);
    }

    private InProcessRun runWithStdin(String stdin, String... args) {
        return InProcessRun.of(factory, stdin, args);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(
                CommandsInProcessTest.class.getClassLoader().getResource(name).toURI());
    }
}
