package io.weighbridge.cli;

import static io.weighbridge.check.Verdicts.finding;
import static io.weighbridge.check.Verdicts.weighed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.weighbridge.check.ScriptedCheckEngine;
import io.weighbridge.check.ScriptedEngineProfile;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.EvaluationRequest;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The commands as main runs them once Quarkus is up: beans from CDI, output captured. */
@QuarkusTest
@TestProfile(ScriptedEngineProfile.class)
class CommandsInProcessTest {

    @Inject
    CdiCommandFactory factory;

    @Inject
    ScriptedCheckEngine engine;

    @BeforeEach
    void reset() {
        engine.reset();
    }

    @Test
    void checkExitsZeroWhenOnlyWarned() {
        engine.script(weighed("python:3.12", 900, finding("very-big", Action.WARN, "python:3.12 is very big")));

        Run run = run("check", "python:3.12", "alpine:3.20");

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
        Run run = run("check", "-o", "json", "-n", "shop", "nginx");

        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals("allow", report.get("verdict").asText());
        assertEquals("nginx", report.at("/images/0/image").asText());
        assertEquals("shop", engine.requests().get(0).namespace());
    }

    @Test
    void checkReadsEveryWorkloadOfAManifestAndSkipsOtherKinds() throws Exception {
        Run run = run("check", "-f", resource("manifests/check-shop.yaml").toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("skipped ConfigMap/shop-settings: not a kind whose images are judged"), run.err());
        assertTrue(run.err().contains("skipped Service/web"), run.err());
        List<String> judged = engine.requests().stream().map(EvaluationRequest::kind).toList();
        assertEquals(List.of("Deployment", "CronJob", "Pod"), judged);
        assertTrue(run.out().contains("used by Deployment/shop/web, container nginx"), run.out());
        assertTrue(run.out().contains("used by CronJob/nightly-report, container report"), run.out());
        assertEquals("shop", engine.requests().get(2).namespace(), "--namespace absent: the Pod keeps its own");
    }

    @Test
    void checkFillsInTheNamespaceOfObjectsThatHaveNone() throws Exception {
        Run run = run("check", "-n", "staging", "-f", resource("manifests/check-pod-without-namespace.yaml").toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("staging", engine.requests().get(0).namespace());
    }

    @Test
    void checkRefusesANamespaceThatContradictsTheManifest() throws Exception {
        Run run = run("check", "-n", "staging", "-f", resource("manifests/check-shop.yaml").toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("namespace staging was given but Deployment/shop/web is in namespace shop"), run.err());
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

        Run run = run("check", "--policy", broken.toString(), "nginx");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("bad-sizes.yaml:8: spec.rules[0].maxSize"), run.err());
        assertTrue(engine.requests().isEmpty());
    }

    @Test
    void checkExitsTwoForAManifestThatCannotBeRead() {
        Run run = run("check", "-f", "no-such-manifest.yaml");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no-such-manifest.yaml: no such file"), run.err());
    }

    @Test
    void lintExitsZeroWithASummaryForValidPolicies() throws Exception {
        Run run = run("policy", "lint", resource("policies/valid/several-documents.yaml").toString());

        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().startsWith("valid: "), run.out());
    }

    @Test
    void lintExitsOneWithOneLinePerProblem() throws Exception {
        Run run = run("policy", "lint", resource("policies/invalid/bad-sizes.yaml").toString());

        assertEquals(1, run.exitCode());
        List<String> lines = run.out().lines().toList();
        assertEquals(5, lines.size(), run.out());
        assertTrue(lines.get(0).matches(".*bad-sizes\\.yaml:8: spec\\.rules\\[0\\]\\.maxSize: .*"), lines.get(0));
    }

    record Run(int exitCode, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = WeighbridgeCommand.commandLine(factory);
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        int exitCode = line.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CommandsInProcessTest.class.getClassLoader().getResource(name).toURI());
    }
}
