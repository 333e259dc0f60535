package io.weighbridge.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {

    @Test
    void continuationsJoinLinesAndDropCommentsBetweenThem() {
        Dockerfile dockerfile =
                Dockerfile.parse("FROM alpine\nRUN apk add \\\n# a comment\n\n    curl \\\n    git\nCMD [\"sh\"]\n");

        Instruction run = dockerfile.instructions().get(1);
        assertEquals("RUN", run.keyword());
        assertEquals(2, run.line());
        assertEquals(
                List.of("apk", "add", "curl", "git"),
                ShellScript.commands(run.script()).get(0).words());
        assertEquals(7, dockerfile.instructions().get(2).line());
        assertEquals(List.of("sh"), dockerfile.instructions().get(2).execForm());
    }

    @Test
    void theEscapeDirectiveMakesTheBacktickContinueLinesAndBackslashesLiteral() {
        Dockerfile dockerfile = DockerfileFiles.parse("escape-backtick.Dockerfile");

        assertEquals("`", dockerfile.directives().get("escape"));
        List<Instruction> instructions = dockerfile.instructions();
        assertEquals(4, instructions.size());
        assertEquals("mkdir C:\\app     && echo done", instructions.get(1).args());
        assertEquals("COPY", instructions.get(2).keyword());
        assertEquals("build\\ C:\\app\\", instructions.get(2).args());
        assertEquals(7, instructions.get(2).line());
    }

    @Test
    void directivesAreReadOnlyAtTheTop() {
        Dockerfile dockerfile =
                Dockerfile.parse("# syntax=docker/dockerfile:1\n# escape=\\\n\n# escape=`\nFROM alpine\n");

        assertEquals("docker/dockerfile:1", dockerfile.directives().get("syntax"));
        assertEquals("\\", dockerfile.directives().get("escape"));
    }

    @Test
    void heredocsBelongToTheirInstructionAndAreNotParsedAsInstructions() {
        Dockerfile dockerfile = DockerfileFiles.parse("heredocs.Dockerfile");

        List<Instruction> instructions = dockerfile.instructions();
        assertEquals(
                List.of("FROM", "RUN", "COPY", "RUN", "RUN"),
                instructions.stream().map(Instruction::keyword).toList());
        Instruction script = instructions.get(1);
        assertEquals(1, script.heredocs().size());
        assertTrue(script.script().contains("apk add --no-cache curl"));
        Instruction copy = instructions.get(2);
        assertEquals(
                "listen = 8080\n# not a Dockerfile comment: part of the file\nRUN echo this line is data",
                copy.heredocs().get(0).body());
        Instruction two = instructions.get(3);
        assertEquals(
                List.of("ONE", "TWO"),
                two.heredocs().stream().map(Heredoc::delimiter).toList());
        assertEquals("second $HOME", two.heredocs().get(1).body());
        assertEquals(18, instructions.get(4).line());
        assertEquals("apk add curl", instructions.get(4).script());
    }

    @Test
    void multiStageBuildsResolveArgsPlatformsAndStageNames() {
        Dockerfile dockerfile = DockerfileFiles.parse("multistage-go.Dockerfile");

        assertEquals(2, dockerfile.stages().size());
        Stage build = dockerfile.stages().get(0);
        assertEquals("build", build.name());
        assertEquals("golang:1.22-alpine", build.base());
        assertEquals("", build.platform());
        assertEquals("scratch", dockerfile.stages().get(1).base());
        assertTrue(dockerfile.finalBaseIsScratch());
        assertEquals(List.of(dockerfile.stages().get(1)), dockerfile.shippedStages());
    }

    @Test
    void aFinalStageBuiltFromAnEarlierStageShipsBoth() {
        Dockerfile dockerfile = Dockerfile.parse("""
                ARG TAG=3.20
                FROM alpine:${TAG} AS base
                RUN apk add --no-cache curl
                FROM golang:1.22 AS build
                FROM Base
                COPY --from=build /out/app /app
                """);

        assertEquals("alpine:3.20", dockerfile.finalBase().orElseThrow());
        assertEquals(
                List.of(2, 0),
                dockerfile.shippedStages().stream().map(Stage::index).toList());
    }

    @Test
    void buildArgumentsSubstituteLikeDocker() {
        BuildArgs args = new BuildArgs('\\');
        args.declare("A=1 EMPTY= NAME=\"two words\" UNSET");

        assertEquals("1-x-two words", args.substitute("${A}-${EMPTY:-x}-$NAME"));
        assertEquals("|fallback|set|", args.substitute("|${EMPTY}${UNSET:-fallback}|${A:+set}|${UNSET:+no}"));
        assertEquals("$A", args.substitute("\\$A"));
    }

    @Test
    void aGivenBuildArgumentReplacesTheDefaultOfTheGlobalArgThatFromReads() {
        String text = """
                ARG BASE=alpine:3.20
                FROM ${BASE}
                """;

        assertEquals("alpine:3.20", Dockerfile.parse(text).finalBase().orElseThrow());
        assertEquals(
                "debian:12",
                Dockerfile.parse(text, BuildArgValues.of(Map.of("BASE", "debian:12")))
                        .finalBase()
                        .orElseThrow());
    }

    @Test
    void aGivenBuildArgumentFlowsThroughTheDefaultsOfLaterArgs() {
        Dockerfile dockerfile = Dockerfile.parse("""
                ARG VERSION=3.20
                ARG IMAGE=alpine:${VERSION}
                ARG UNSET
                FROM ${IMAGE}${UNSET:+-$UNSET}
                """, BuildArgValues.of(Map.of("VERSION", "3.19", "UNSET", "slim")));

        assertEquals("alpine:3.19-slim", dockerfile.finalBase().orElseThrow());
        assertEquals(List.of(), dockerfile.finalStage().orElseThrow().unknownArgs());
    }

    @Test
    void onlyArgsDeclaredBeforeTheFirstFromApplyToFromAsInDocker() {
        Dockerfile dockerfile = Dockerfile.parse("""
                FROM alpine:${TAG:-3.20}
                ARG TAG
                RUN echo $TAG
                """, BuildArgValues.of(Map.of("TAG", "3.19", "NEVER_DECLARED", "x")));

        assertEquals("alpine:3.20", dockerfile.finalBase().orElseThrow());
    }

    @Test
    void aFromThatReadsAnArgumentOfUnknownValueKeepsItAsWrittenAndNamesIt() {
        BuildArgValues given = new BuildArgValues(Map.of("VERSION", "3.19"), Set.of("REGISTRY", "BUILDER"));
        Dockerfile dockerfile = Dockerfile.parse("""
                ARG BUILDER=golang:1.22
                ARG REGISTRY=docker.io
                ARG VERSION=3.20
                ARG RUNTIME=${REGISTRY}/library/alpine
                FROM ${BUILDER} AS build
                FROM $RUNTIME:${VERSION}
                COPY --from=build /app /app
                """, given);

        Stage build = dockerfile.stages().get(0);
        Stage last = dockerfile.finalStage().orElseThrow();
        assertEquals("${BUILDER}", build.base());
        assertEquals(List.of("BUILDER"), build.unknownArgs());
        assertEquals("$RUNTIME:3.19", last.base());
        assertEquals(List.of("REGISTRY"), last.unknownArgs(), "RUNTIME is unknown because its default reads REGISTRY");
        assertTrue(last.baseUnknown());
    }

    @Test
    void anEscapedDollarIsNotSubstitutedEvenWithAGivenValue() {
        Dockerfile dockerfile = Dockerfile.parse("""
                ARG BASE=alpine:3.20
                FROM \\$BASE
                """, BuildArgValues.of(Map.of("BASE", "debian:12")));

        assertEquals("$BASE", dockerfile.finalBase().orElseThrow());
        assertEquals(List.of(), dockerfile.finalStage().orElseThrow().unknownArgs());
    }

    @Test
    void flagsAndExecFormAreReadOffTheArguments() {
        Instruction run = Dockerfile.parse(
                        "FROM a\nRUN --mount=type=cache,target=/root/.cache --network=none pip install x\n")
                .instructions()
                .get(1);

        assertEquals(List.of("--mount=type=cache,target=/root/.cache", "--network=none"), run.flags());
        assertEquals("pip install x", run.body());
        assertNull(run.execForm());
        assertEquals("none", run.flag("network"));
    }

    @Test
    void readsEveryOfficialDockerfile() {
        for (String name : OfficialDockerfiles.NAMES) {
            Dockerfile dockerfile = DockerfileFiles.parse("official/" + name);
            assertTrue(dockerfile.finalStage().isPresent(), name);
            assertTrue(
                    dockerfile.instructions().stream().allMatch(i -> i.keyword().matches("[A-Z]+")), name);
        }
    }
}
