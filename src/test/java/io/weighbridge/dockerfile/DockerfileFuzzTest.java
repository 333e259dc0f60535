package io.weighbridge.dockerfile;

import io.weighbridge.fuzz.Fuzz;
import io.weighbridge.fuzz.Mutations;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Dockerfiles through the parser and every lint rule: mutations of the fixtures (official images'
 * Dockerfiles among them) and files built from instructions with hostile arguments (heredocs left
 * open, escapes at the end, nested variable expansions, stage loops, directives repeated). Each is
 * parsed and linted within the bound, and each finding's problem and remedy is one line.
 */
class DockerfileFuzzTest {

    /** The Dockerfile fixtures, official images' among them. */
    static List<String> seeds() {
        return Fuzz.texts("dockerfiles");
    }

    @Provide
    Arbitrary<String> dockerfiles() {
        Arbitrary<String> keyword = Arbitraries.of(
                "FROM",
                "RUN",
                "COPY",
                "ADD",
                "ARG",
                "ENV",
                "WORKDIR",
                "USER",
                "ONBUILD",
                "SHELL",
                "CMD",
                "ENTRYPOINT",
                "LABEL",
                "# escape=`",
                "# syntax=docker/dockerfile:1",
                "from",
                "Run");
        Arbitrary<String> argument = Arbitraries.oneOf(
                Arbitraries.of(
                        "alpine:3.20 AS build",
                        "build",
                        "scratch",
                        "${BASE:-debian}:${TAG}",
                        "--from=build /a /b",
                        "--from=0 / /",
                        "apt-get update && apt-get install -y curl",
                        "apk add curl",
                        "pip install -r r.txt",
                        "npm install",
                        "<<EOF\necho hi",
                        "<<-'EOF' cat\nline\nEOF",
                        "[\"sh\", \"-c\", \"x\"]",
                        "[\"unclosed",
                        "https://example.com/x.tar.gz /x",
                        "BASE=alpine",
                        "A=${A}${A}${A}",
                        "\\",
                        "`",
                        "rm -rf /var/lib/apt/lists/*"),
                Arbitraries.of(Mutations.HOSTILE_TOKENS));
        Arbitrary<String> line = Combinators.combine(keyword, argument, argument.injectNull(0.7))
                .as((k, a, b) -> k + " " + a + (b == null ? "" : " " + b));
        Arbitrary<String> generated =
                line.list().ofMinSize(1).ofMaxSize(12).map(lines -> String.join("\n", lines) + "\n");
        return Arbitraries.oneOf(
                Mutations.ofIncludingSeeds(seeds()), generated, generated.flatMap(one -> Mutations.of(List.of(one))));
    }

    @Property
    void everyFileIsParsedAndLintedWithOneLineFindings(@ForAll("dockerfiles") String text) throws Exception {
        assertFindingsAreOneLine(text);
    }

    /**
     * Found by the property: a control character in a base name went into the finding as it was.
     * Before: {@code problem holds U+001C: the final base <?EO<<EOF is not one of the preferred bases alpine, distroless}.
     */
    @Example
    void aBaseWithControlCharactersIsQuotedReadably() throws Exception {
        assertFindingsAreOneLine("FROM <\u001cEO<<EOF\nRUN true\n".translateEscapes());
    }

    /**
     * Found by the long run: a removed path with a glob and a '[' or '{' became a regular
     * expression as written. Before: {@code java.util.regex.PatternSyntaxException: Unclosed character
     * class near index 32 /var/lib/apt/lists/[^/]*[3(/.*)?}, out of the linter.
     */
    @Example
    void aRemovedPathWithRegexCharactersIsMatchedAsAGlob() throws Exception {
        assertFindingsAreOneLine("""
                FROM debian:12
                RUN apt-get update && apt-get install -y curl
                RUN rm -rf /var/lib/apt/lists/*[3 /var/{/alpi/* /opt/a+b/*
                """);
    }

    /**
     * Found by the long run: a base spelled through build arguments ({@code FROM !!${P}.Object}) is
     * named in the finding as expanded, a name the file never spells whole. Before: "problem names a
     * Java class: the final base !!java.lang.Object is not one of the preferred bases" — the check's,
     * not the linter's, mistake: the name is the file's own text, not a leaked exception.
     */
    @Example
    void aBaseComposedFromBuildArgumentsIsTheFilesOwnText() throws Exception {
        assertFindingsAreOneLine("""
                ARG P=java.lang
                FROM !!${P}.Object
                RUN true
                """);
    }

    /**
     * Found by the second long run: a base whose name a line continuation splits ({@code java.l\}, then
     * {@code ang.Object}) is named in the finding joined, as the builder joins it. Before: "problem names
     * a Java class: the final base scratch !!java.lang.Object is not one of the preferred bases".
     */
    @Example
    void aBaseSplitByALineContinuationIsTheFilesOwnText() throws Exception {
        assertFindingsAreOneLine("FROM scratch !!java.l\\\nang.Object \"");
    }

    /** What every file gets (also {@link DockerfileJazzerTest}'s promise). */
    static void assertFindingsAreOneLine(String text) throws Exception {
        List<LintFinding> findings = Fuzz.within(Fuzz.HANG, () -> {
            Dockerfile dockerfile =
                    Dockerfile.parse(text, BuildArgValues.of(Map.of("BASE", "alpine:3.20", "TAG", "${TAG}")));
            List<LintFinding> all =
                    new java.util.ArrayList<>(DockerfileLinter.lint(dockerfile, List.of("alpine", "distroless")));
            all.addAll(DockerfileLinter.lint(dockerfile, List.of(), new DetectedBase("debian 12", false)));
            return all;
        });
        for (LintFinding finding : findings) {
            Fuzz.assertOneLine("problem", finding.problem());
            Fuzz.assertOneLine("remedy", finding.remedy());
            Fuzz.assertNoJavaNames("problem", finding.problem(), text);
        }
    }
}
