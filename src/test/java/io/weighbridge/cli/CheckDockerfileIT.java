package io.weighbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.PushedImage;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check -f} of Dockerfiles with the real engine, the fixture registry and the test
 * policies ({@code src/test/resources/e2e/policies/}), run in process so stdin can be given
 * (under {@code @QuarkusMainTest} Quarkus' console owns {@code System.in}).
 */
@QuarkusTest
class CheckDockerfileIT {
    private final Fixtures fixtures = Fixtures.get();

    @Inject
    CdiCommandFactory factory;

    @Test
    void aDockerfileOnStdinIsLintedAndItsBaseWeighed() throws Exception {
        PushedImage small = fixtures.small();
        String naive = Files.readString(Path.of("src/test/resources/dockerfiles/naive-alpine.Dockerfile"))
                .replace("FROM alpine:3.20", "FROM " + small.reference());

        InProcessRun run = run(naive, "check", "-o", "json", "-f", "-");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals("warn", report.path("verdict").asText(), run.out());
        JsonNode base = report.at("/images/0");
        assertEquals(small.reference().toString(), base.path("image").asText());
        assertEquals(small.sizeBytes(), base.path("sizeBytes").asLong());
        assertEquals("alpine 3.20.3", base.path("base").asText());
        assertEquals("allow", base.path("verdict").asText());
        List<String> rules = new ArrayList<>();
        report.path("dockerfile")
                .forEach(finding -> rules.add(finding.path("rule").asText()));
        assertTrue(
                rules.containsAll(List.of(
                        "apk-no-cache",
                        "apk-build-deps-kept",
                        "pip-cache",
                        "removed-in-later-layer",
                        "consecutive-runs")),
                rules.toString());
        assertTrue(report.at("/dockerfile/0/message").asText().startsWith("Dockerfile of stdin line "), run.out());
    }

    /** Issue 12: a final base weighed and detected as Alpine 3.20.3 was still "not preferred" by its name. */
    @Test
    void aBaseWhoseNameSaysNothingIsJudgedByTheDistributionDetectedInIt(@TempDir Path work) throws Exception {
        String small = fixtures.small().reference().toString();
        String big = fixtures.big().reference().toString();
        Path onAlpine = Files.writeString(work.resolve("Dockerfile"), "FROM " + small + "\nCOPY app /app\n");
        Path onDebian = Files.writeString(work.resolve("runtime.Dockerfile"), "FROM " + big + "\nCOPY app /app\n");
        Path policy = Files.writeString(work.resolve("prefer.yaml"), """
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: prefer-small
                spec:
                  rules:
                    - name: prefer-small-base
                      preferredBases: [alpine, distroless, scratch]
                      action: warn
                """);

        InProcessRun alpine = run("", "check", "--policy", policy.toString(), "-f", onAlpine.toString());
        InProcessRun debian = run("", "check", "--policy", policy.toString(), "-f", onDebian.toString());

        assertEquals(0, alpine.exitCode(), alpine.out() + alpine.err());
        assertTrue(alpine.out().contains("alpine 3.20.3  ALLOW"), alpine.out());
        assertTrue(!alpine.out().contains("base-not-preferred"), alpine.out());
        assertTrue(
                debian.out()
                        .contains(
                                "[warn] base-not-preferred: Dockerfile of " + onDebian
                                        + " line 1 (prefer-small/base-not-preferred):" + " the final base " + big
                                        + ", detected as debian 12, is not one of the preferred bases alpine, distroless, scratch"),
                debian.out());
    }

    @Test
    void aBuildArgNamingTheBigBaseDeniesThoughTheArgDefaultIsSmall(@TempDir Path work) throws Exception {
        String big = fixtures.big().reference().toString();
        Path dockerfile = Files.writeString(
                work.resolve("Dockerfile"),
                "ARG BASE=" + fixtures.small().reference() + "\nFROM ${BASE}\nCOPY app /app\n");

        InProcessRun withDefault = run("", "check", "-f", dockerfile.toString());
        InProcessRun withBuildArg = run("", "check", "-f", dockerfile.toString(), "--build-arg", "BASE=" + big);

        assertEquals(0, withDefault.exitCode(), withDefault.out() + withDefault.err());
        assertEquals(1, withBuildArg.exitCode(), withBuildArg.out() + withBuildArg.err());
        assertTrue(
                withBuildArg
                        .out()
                        .contains("[deny] test-limits/hard-cap: build base " + big + " (FROM line 2) is 7.5 MiB"),
                withBuildArg.out());
    }

    /** Issue 12 "done means": a SARIF file from the repository's own example Dockerfile passes the official schema. */
    @Test
    void theExampleDockerfileAsSarifPassesTheOfficialSchemaWithEachFindingAtItsLine() throws Exception {
        InProcessRun run = run("", "check", "-o", "sarif", "-f", "examples/Dockerfile");

        JsonNode sarif = new ObjectMapper().readTree(run.out());
        assertEquals(java.util.Set.of(), SarifReportTest.violations(sarif), run.out());
        assertEquals(0, run.exitCode(), run.err());
        List<String> placed = new ArrayList<>();
        sarif.at("/runs/0/results")
                .forEach(result -> placed.add(result.get("ruleId").asText() + "@"
                        + result.at("/locations/0/physicalLocation/artifactLocation/uri")
                                .asText() + ":"
                        + result.at("/locations/0/physicalLocation/region/startLine")
                                .asInt()));
        assertTrue(
                placed.containsAll(List.of("apt-lists-kept@examples/Dockerfile:5", "pip-cache@examples/Dockerfile:7")),
                placed.toString());
    }

    /** Under GitHub Actions the table is followed by one workflow command per finding, at its file and line. */
    @Test
    void underGithubActionsEachFindingIsAnAnnotationAtItsLine() {
        InProcessRun run = InProcessRun.of(
                factory, "", java.util.Map.of("GITHUB_ACTIONS", "true"), "check", "-f", "examples/Dockerfile");

        assertTrue(
                run.out()
                        .contains(
                                "::warning file=examples/Dockerfile,line=5,title=weighbridge apt-lists-kept::Dockerfile of"
                                        + " examples/Dockerfile line 5 ("),
                run.out());
        assertTrue(run.out().lines().filter(line -> line.startsWith("::")).count() >= 3, run.out());
    }

    private InProcessRun run(String stdin, String... args) {
        return InProcessRun.of(factory, stdin, args);
    }
}
