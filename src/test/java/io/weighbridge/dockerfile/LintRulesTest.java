package io.weighbridge.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rule fires on the habit it names, on the line it names, and stays silent on the good practice. */
class LintRulesTest {
    private static final List<String> PREFERRED = List.of("alpine", "distroless", "scratch");

    static Stream<Arguments> cases() {
        return Stream.of(
                // rule, bad Dockerfile (the finding is on its last line), good practice
                Arguments.of(
                        "apk-no-cache",
                        "FROM alpine:3.20\nRUN apk add curl",
                        "FROM alpine:3.20\nRUN apk --no-cache add curl"),
                Arguments.of(
                        "apk-no-cache",
                        "FROM alpine:3.20\nRUN apk update && apk add --update curl",
                        "FROM alpine:3.20\nRUN apk add --update curl && rm -rf /var/cache/apk/*"),
                Arguments.of(
                        "apk-build-deps-kept",
                        "FROM alpine:3.20\nRUN apk add --no-cache build-base libffi-dev && pip install --no-cache-dir cffi",
                        "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps build-base libffi-dev \\\n && pip install --no-cache-dir cffi \\\n && apk del .build-deps"),
                Arguments.of(
                        "apk-build-deps-kept",
                        "FROM alpine:3.20\nRUN apk add --no-cache --virtual build-dependencies gcc musl-dev && make",
                        "FROM alpine:3.20\nRUN apk add --no-cache --virtual .rundeps libffi so:libssl.so.3"),
                Arguments.of(
                        "apt-lists-kept",
                        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl",
                        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*"),
                Arguments.of(
                        "apt-lists-kept",
                        "FROM debian:12-slim\nRUN apt update",
                        "FROM debian:12-slim\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y --no-install-recommends curl"),
                Arguments.of(
                        "apt-install-recommends",
                        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*",
                        "FROM debian:12-slim\nRUN apt-get update && apt-get -o APT::Install-Recommends=false install -y curl && rm -rf /var/lib/apt/lists/*"),
                Arguments.of(
                        "pip-cache",
                        "FROM python:3.12-alpine\nRUN python3 -m pip install -r requirements.txt",
                        "FROM python:3.12-alpine\nRUN PIP_NO_CACHE_DIR=1 pip install -r requirements.txt && pip install --no-cache-dir gunicorn"),
                Arguments.of(
                        "pip-cache",
                        "FROM python:3.12-alpine\nRUN pip3 install flask",
                        "FROM python:3.12-alpine\nENV PIP_NO_CACHE_DIR=1\nRUN pip3 install flask"),
                Arguments.of(
                        "npm-cache-kept",
                        "FROM node:20-alpine\nRUN npm ci --omit=dev",
                        "FROM node:20-alpine\nRUN npm ci --omit=dev && npm cache clean --force"),
                Arguments.of(
                        "npm-cache-kept",
                        "FROM node:20-alpine\nRUN yarn install --frozen-lockfile",
                        "FROM node:20-alpine\nRUN --mount=type=cache,target=/root/.npm npm ci"),
                Arguments.of(
                        "removed-in-later-layer",
                        "FROM alpine:3.20\nRUN wget -O /tmp/app.tgz https://example.com/app.tgz && tar -xzf /tmp/app.tgz -C /opt\nRUN rm -f /tmp/app.tgz",
                        "FROM alpine:3.20\nRUN wget -O /tmp/app.tgz https://example.com/app.tgz && tar -xzf /tmp/app.tgz -C /opt && rm -f /tmp/app.tgz\nRUN rm -rf /tmp/*"),
                Arguments.of(
                        "removed-in-later-layer",
                        "FROM alpine:3.20\nRUN apk add --no-cache build-base && make\nRUN apk del build-base",
                        "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps build-base && make && apk del .build-deps\nRUN apk del .build-deps"),
                Arguments.of(
                        "removed-in-later-layer",
                        "FROM debian:12-slim\nWORKDIR /opt\nCOPY dataset.csv ./\nRUN rm dataset.csv",
                        "FROM debian:12-slim\nWORKDIR /opt\nCOPY . .\nRUN make && rm -rf build"),
                Arguments.of(
                        "consecutive-runs@2",
                        "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN mkdir /app\nRUN adduser -D app",
                        "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN mkdir /app\nUSER nobody\nRUN id"),
                Arguments.of(
                        "build-tools-in-final-stage",
                        "FROM golang:1.22",
                        "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app"),
                Arguments.of(
                        "build-tools-in-final-stage@1",
                        "FROM node:20-alpine\nCOPY . .\nRUN npm ci && npm cache clean --force && npm run build",
                        "FROM node:20-alpine\nCOPY . .\nRUN npm ci --omit=dev && npm cache clean --force"),
                Arguments.of(
                        "build-tools-in-final-stage",
                        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc make && rm -rf /var/lib/apt/lists/*",
                        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc make && make && apt-get purge -y --auto-remove gcc make && rm -rf /var/lib/apt/lists/*"),
                Arguments.of("base-not-preferred", "FROM python:3.12-slim", "FROM python:3.12-alpine3.20"),
                Arguments.of(
                        "remote-add",
                        "FROM alpine:3.20\nADD https://example.com/tool.tar.gz /opt/",
                        "FROM alpine:3.20\nADD tool.tar.gz /opt/"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void firesOnTheHabitAndIsSilentOnTheGoodPractice(String ruleAtLine, String bad, String good) {
        // "rule@line" when the finding is not on the last line
        String rule = ruleAtLine.replaceFirst("@.*", "");
        int line = ruleAtLine.contains("@")
                ? Integer.parseInt(ruleAtLine.replaceFirst(".*@", ""))
                : bad.split("\n").length;
        List<LintFinding> onBad = findings(bad, rule);
        assertEquals(1, onBad.size(), () -> "expected one " + rule + " finding in\n" + bad + "\ngot " + onBad);
        assertEquals(line, onBad.get(0).line());
        assertTrue(onBad.get(0).remedy().length() > 10);
        // Debian is a fine base for the other rules' examples: only the preferred-base rule is given preferences.
        List<String> preferred = rule.equals("base-not-preferred") ? PREFERRED : List.of();
        assertEquals(
                List.of(), DockerfileLinter.lint(Dockerfile.parse(good), preferred), () -> "good practice:\n" + good);
    }

    @Test
    void officialImagesDockerfilesGetNoWarnings() {
        for (String name : OfficialDockerfiles.NAMES) {
            List<LintFinding> findings = DockerfileLinter.lint(DockerfileFiles.parse("official/" + name), List.of());
            assertEquals(List.of(), findings, name);
        }
    }

    @Test
    void thePreferredBaseRuleJudgesTheFinalBaseOfOfficialDockerfiles() {
        assertEquals(
                List.of("base-not-preferred"),
                ids(DockerfileLinter.lint(
                        DockerfileFiles.parse("official/nginx-mainline-debian.Dockerfile"), PREFERRED)));
        assertEquals(
                List.of(),
                DockerfileLinter.lint(DockerfileFiles.parse("official/python-3.12-alpine3.24.Dockerfile"), PREFERRED));
    }

    @Test
    void theNaiveDockerfileShowsEveryHabitAndItsFixedVersionNone() {
        List<LintFinding> naive = DockerfileLinter.lint(DockerfileFiles.parse("naive.Dockerfile"), PREFERRED);
        naive.forEach(f -> System.out.println("naive.Dockerfile [" + f.rule() + "] " + f.text()));
        assertTrue(
                ids(naive)
                        .containsAll(List.of(
                                "apt-lists-kept",
                                "apt-install-recommends",
                                "pip-cache",
                                "npm-cache-kept",
                                "removed-in-later-layer",
                                "consecutive-runs",
                                "build-tools-in-final-stage",
                                "base-not-preferred",
                                "remote-add")),
                ids(naive).toString());
        assertEquals(List.of(), DockerfileLinter.lint(DockerfileFiles.parse("fixed.Dockerfile"), PREFERRED));

        List<LintFinding> alpine = DockerfileLinter.lint(DockerfileFiles.parse("naive-alpine.Dockerfile"), PREFERRED);
        alpine.forEach(f -> System.out.println("naive-alpine.Dockerfile [" + f.rule() + "] " + f.text()));
        assertTrue(
                ids(alpine)
                        .containsAll(List.of(
                                "apk-no-cache",
                                "apk-build-deps-kept",
                                "pip-cache",
                                "removed-in-later-layer",
                                "consecutive-runs")),
                ids(alpine).toString());
        assertEquals(List.of(), DockerfileLinter.lint(DockerfileFiles.parse("fixed-alpine.Dockerfile"), PREFERRED));
    }

    @Test
    void parserTestFilesGetNoFalseAlarms() {
        assertEquals(List.of(), DockerfileLinter.lint(DockerfileFiles.parse("multistage-go.Dockerfile"), PREFERRED));
        assertEquals(
                List.of("apk-no-cache"),
                ids(DockerfileLinter.lint(DockerfileFiles.parse("heredocs.Dockerfile"), PREFERRED)));
    }

    @Test
    void rulesJudgeTheBaseTheBuildArgumentsGiveNotTheDefault() {
        String text = "ARG BASE=alpine:3.20\nFROM ${BASE}\nCOPY app /app";

        assertEquals(List.of(), DockerfileLinter.lint(Dockerfile.parse(text), PREFERRED));
        List<LintFinding> given = DockerfileLinter.lint(
                Dockerfile.parse(text, BuildArgValues.of(java.util.Map.of("BASE", "golang:1.22"))), PREFERRED);
        assertEquals(List.of("build-tools-in-final-stage", "base-not-preferred"), ids(given));
        assertEquals(2, given.get(0).line());
        assertEquals(
                List.of(),
                DockerfileLinter.lint(
                        Dockerfile.parse(text, new BuildArgValues(java.util.Map.of(), java.util.Set.of("BASE"))),
                        PREFERRED),
                "a base not known before the build is judged by nobody");
    }

    private static List<LintFinding> findings(String dockerfile, String rule) {
        return DockerfileLinter.lint(Dockerfile.parse(dockerfile), PREFERRED).stream()
                .filter(f -> f.rule().equals(rule))
                .toList();
    }

    private static List<String> ids(List<LintFinding> findings) {
        return findings.stream().map(LintFinding::rule).distinct().toList();
    }
}
