package io.weighbridge.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.testing.CustomKindsProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyLoaderTest {
    private static final Path VALID = Path.of("src/test/resources/policies/valid");
    private static final Path INVALID = Path.of("src/test/resources/policies/invalid");

    record InvalidFile(String file, List<String> problems) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<InvalidFile> invalidFiles() {
        return Stream.of(
                new InvalidFile(
                        "syntax-error.yaml",
                        List.of(
                                "syntax-error.yaml:9: invalid YAML: expected <block end>, but found '<block mapping start>' (check the indentation)")),
                new InvalidFile(
                        "unknown-fields.yaml",
                        List.of(
                                "unknown-fields.yaml:5: rules: unknown field; it belongs under spec (spec.rules)",
                                "unknown-fields.yaml:7: spec.enforcment: unknown field; did you mean enforcement?",
                                "unknown-fields.yaml:9: spec.match.excludeNamespace: unknown field; did you mean excludeNamespaces?",
                                "unknown-fields.yaml:12: spec.rules[0].maxSise: unknown field; did you mean maxSize?",
                                "unknown-fields.yaml:14: spec.rules[0].colour: unknown field")),
                new InvalidFile(
                        "duplicate-field.yaml",
                        List.of("duplicate-field.yaml:9: spec.rules[0].maxSize: duplicate field (first at line 8)")),
                new InvalidFile(
                        "wrong-types.yaml",
                        List.of(
                                "wrong-types.yaml:7: spec.match.namespaces: must be a list, e.g. [kube-system]",
                                "wrong-types.yaml:8: spec.match.kinds[1]: must be a non-empty string",
                                "wrong-types.yaml:11: spec.rules[0].maxLayers: must be a whole number, got forty",
                                "wrong-types.yaml:14: spec.rules[1].preferredBases: must be a list, e.g. [alpine]",
                                "wrong-types.yaml:16: spec.rules[2]: must be a mapping of fields")),
                new InvalidFile(
                        "bad-enums.yaml",
                        List.of(
                                "bad-enums.yaml:6: spec.enforcement: unknown value enforcing; expected one of enforce, warn, dryrun",
                                "bad-enums.yaml:7: spec.onRegistryError: unknown value block; expected one of allow, warn, deny",
                                "bad-enums.yaml:11: spec.rules[0].action: unknown value Deny; expected one of warn, deny; did you mean deny?")),
                new InvalidFile(
                        "bad-sizes.yaml",
                        List.of(
                                "bad-sizes.yaml:8: spec.rules[0].maxSize: 5GB is not a Kubernetes quantity; write e.g. 5Gi, 500Mi or 2G",
                                "bad-sizes.yaml:11: spec.rules[1].maxSize: 500m is not a whole number of bytes (m means milli; did you mean 500Mi?)",
                                "bad-sizes.yaml:14: spec.rules[2].maxSize: must be above zero, got 0",
                                "bad-sizes.yaml:17: spec.rules[3].maxSize: must be above zero, got -1Gi",
                                "bad-sizes.yaml:20: spec.rules[4].maxLayers: must be above zero, got 0")),
                new InvalidFile(
                        "rule-shapes.yaml",
                        List.of(
                                "rule-shapes.yaml:7: spec.rules[0]: a rule needs exactly one of maxSize, maxLayers, preferredBases, maxGrowth; found none",
                                "rule-shapes.yaml:9: spec.rules[1]: a rule needs exactly one of maxSize, maxLayers, preferredBases, maxGrowth; "
                                        + "found maxSize and maxLayers; split them into separate rules",
                                "rule-shapes.yaml:15: spec.rules[2].action: must be warn or deny (allow is what happens when no rule matches)",
                                "rule-shapes.yaml:16: spec.rules[3].action: is required (warn or deny)")),
                new InvalidFile(
                        "names.yaml",
                        List.of(
                                "names.yaml:4: metadata.name: is required",
                                "names.yaml:14: metadata.name: Cluster_Defaults is not a valid name: use at most 63 lowercase letters, "
                                        + "digits and '-', starting and ending with a letter or digit",
                                "names.yaml:30: spec.rules[1].name: is required",
                                "names.yaml:32: spec.rules[2].name: duplicate rule name cap (first at line 27)")),
                new InvalidFile(
                        "duplicate-policies.yaml",
                        List.of(
                                "duplicate-policies.yaml:14: metadata.name: duplicate policy name same (first at duplicate-policies.yaml:4)")),
                new InvalidFile(
                        "not-a-policy.yaml",
                        List.of(
                                "not-a-policy.yaml:2: kind: not an ImageSizePolicy (v1, ConfigMap); only ImageSizePolicy and ClusterImageSizePolicy"
                                        + " documents belong in policy files",
                                "not-a-policy.yaml:6: apiVersion: unsupported version weighbridge.io/v1beta9; expected weighbridge.io/v1alpha1",
                                "not-a-policy.yaml:13: a document must be a mapping with apiVersion, kind, metadata and spec")),
                new InvalidFile(
                        "bad-references.yaml",
                        List.of(
                                "bad-references.yaml:7: spec.match.kinds[0]: unsupported kind Deploymnet; did you mean Deployment?",
                                "bad-references.yaml:7: spec.match.kinds[1]: unsupported kind Secret; supported: Pod, Deployment, ReplicaSet, "
                                        + "StatefulSet, DaemonSet, Job, CronJob, ReplicationController, DeploymentConfig, BuildConfig; "
                                        + "no custom kind is configured (weighbridge.workloads.custom.*)",
                                "bad-references.yaml:8: spec.excludeImages[0]: never matches: patterns apply to normalised references like "
                                        + "docker.io/library/nginx, so write the registry and repository",
                                "bad-references.yaml:11: spec.rules[0].preferredBases[0]: unknown distribution alpin; did you mean alpine?",
                                "bad-references.yaml:11: spec.rules[0].preferredBases[1]: invalid image reference \"registry.acme.io/Base:1\": "
                                        + "repository must be lowercase: Base",
                                "bad-references.yaml:11: spec.rules[0].preferredBases[2]: unknown distribution minix; known: alpine, distroless, "
                                        + "scratch, wolfi, chainguard, busybox, debian, ubuntu, ubi, rhel, centos, fedora, rocky, almalinux, amzn, "
                                        + "ol, opensuse-leap, sles, photon, or an image reference such as docker.io/library/minix:latest",
                                "bad-references.yaml:14: spec.rules[1].preferredBases: must name at least one base")),
                new InvalidFile("no-rules.yaml", List.of("no-rules.yaml:6: spec.rules: at least one rule is required")),
                new InvalidFile(
                        "scopes.yaml",
                        List.of(
                                "scopes.yaml:5: metadata.namespace: a ClusterImageSizePolicy is cluster-wide and has no namespace; remove it,"
                                        + " or make it an ImageSizePolicy to apply in that namespace only",
                                "scopes.yaml:19: spec.match.namespaces: a namespaced ImageSizePolicy applies only in its own namespace"
                                        + " (team-a); remove namespaces, or make it a ClusterImageSizePolicy",
                                "scopes.yaml:20: spec.match.excludeNamespaces: a namespaced ImageSizePolicy applies only in its own"
                                        + " namespace (team-a); remove excludeNamespaces, or make it a ClusterImageSizePolicy",
                                "scopes.yaml:27: kind: ImageSizeException objects are read from the cluster only (kubectl apply them"
                                        + " there); policy files hold ImageSizePolicy and ClusterImageSizePolicy documents",
                                "scopes.yaml:39: items[0].spec.rules[0].maxSize: lots is not a Kubernetes quantity; write e.g. 5Gi, 500Mi or 2G")),
                new InvalidFile(
                        "growth.yaml",
                        List.of(
                                "growth.yaml:8: spec.rules[0].maxGrowth: 20 % is not a percentage; write e.g. 20% or 12.5%",
                                "growth.yaml:11: spec.rules[1].maxGrowth: ten is not a Kubernetes quantity; write e.g. 5Gi, 500Mi or 2G",
                                "growth.yaml:14: spec.rules[2].maxGrowth: must be zero or more, got -5Mi",
                                "growth.yaml:17: spec.rules[3].maxGrowth: must be a share of the replaced image such as 20% or an amount"
                                        + " such as 200Mi",
                                "growth.yaml:19: spec.rules[4]: a rule needs exactly one of maxSize, maxLayers, preferredBases, maxGrowth;"
                                        + " found maxSize and maxGrowth; split them into separate rules")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void reportsEveryProblemOfAnInvalidFileWithLineAndField(InvalidFile row) throws IOException {
        String text = Files.readString(INVALID.resolve(row.file()));

        PolicyValidationException e =
                assertThrows(PolicyValidationException.class, () -> PolicyLoader.parse(text, row.file()));

        assertEquals(
                row.problems(),
                e.problems().stream().map(PolicyProblem::toString).toList());
    }

    /** A policy author's "billion laughs": refused in one line, never expanded. */
    @Test
    void aYamlAliasBombIsRefusedNotExpanded() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char level = 'b'; level <= 'k'; level++) {
            char previous = (char) (level - 1);
            bomb.append(level).append(": &").append(level).append(" [");
            bomb.append(("*" + previous + ", ").repeat(9))
                    .append('*')
                    .append(previous)
                    .append("]\n");
        }

        PolicyValidationException e =
                assertThrows(PolicyValidationException.class, () -> PolicyLoader.parse(bomb.toString(), "bomb"));

        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(
                e.problems().get(0).message().startsWith("invalid YAML: "),
                e.problems().toString());
        assertTrue(
                e.problems().get(0).message().contains("aliases"), e.problems().toString());
    }

    @Test
    void everyInvalidFileHasARow() throws IOException {
        try (Stream<Path> files = Files.list(INVALID)) {
            List<String> onDisk =
                    files.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(onDisk, invalidFiles().map(InvalidFile::file).sorted().toList());
        }
    }

    @Test
    void readsEveryFieldOfAPolicy() throws Exception {
        Policy policy =
                PolicyLoader.load(VALID.resolve("every-field.yaml")).policies().get(0);

        assertEquals("every-field", policy.name());
        assertEquals(VALID.resolve("every-field.yaml").toString(), policy.source());
        assertEquals(Enforcement.WARN, policy.enforcement());
        assertEquals(
                new Match(List.of("team-*", "apps"), List.of("team-sandbox"), List.of("Deployment", "StatefulSet")),
                policy.match());
        assertEquals(List.of("quay.io/acme/ml-*", "docker.io/library/**"), policy.excludeImages());
        assertEquals(Action.DENY, policy.onRegistryError());
        assertEquals(
                List.of(
                        new Rule("hard-cap", 5L * 1024 * 1024 * 1024, "5Gi", null, List.of(), Action.DENY),
                        new Rule("layer-count", null, null, 40, List.of(), Action.WARN),
                        new Rule(
                                "prefer-small-base",
                                null,
                                null,
                                null,
                                List.of("alpine", "distroless", "registry.acme.io/base/runtime:2"),
                                Action.WARN)),
                policy.rules());
    }

    @Test
    void readsGrowthBudgetsAsASharePercentOrAnAmount() throws Exception {
        List<Rule> rules = PolicyLoader.load(VALID.resolve("growth.yaml"))
                .policies()
                .get(0)
                .rules();

        assertEquals(
                GrowthBudget.percent("20%", new java.math.BigDecimal("20")),
                rules.get(0).maxGrowth());
        assertEquals(
                GrowthBudget.percent("12.5%", new java.math.BigDecimal("12.5")),
                rules.get(1).maxGrowth());
        assertEquals(
                GrowthBudget.bytes("200Mi", 200L * 1024 * 1024), rules.get(2).maxGrowth());
        assertEquals(GrowthBudget.bytes("0", 0), rules.get(3).maxGrowth());
    }

    /**
     * Files keep their meaning: an ImageSizePolicy without a namespace is cluster-wide. A
     * ClusterImageSizePolicy is too; an ImageSizePolicy with metadata.namespace applies there only,
     * and kubectl's output of either (a List, with status and server-set metadata) reads as it is.
     */
    @Test
    void mapsKindsAndNamespacesToScopesAndReadsKubectlOutput() throws Exception {
        List<Policy> policies = PolicyLoader.load(VALID.resolve("scopes.yaml")).policies();

        assertEquals(
                List.of("file-compat", "cluster-wide", "team-a/tighter", "team-b/tighter", "from-kubectl"),
                policies.stream().map(Policy::id).toList());
        assertEquals(
                List.of(false, false, true, true, false),
                policies.stream().map(Policy::namespaced).toList());
        assertEquals("team-a", policies.get(2).namespace());
        assertTrue(PolicyScope.appliesTo(policies.get(2), "team-a", "Deployment"));
        assertFalse(PolicyScope.appliesTo(policies.get(2), "team-b", "Deployment"));
        assertFalse(PolicyScope.appliesTo(policies.get(2), null, "Deployment"), "a dry run outside namespaces");
        assertTrue(PolicyScope.appliesTo(policies.get(1), "team-b", "Deployment"));
    }

    @Test
    void fillsDefaultsForWhatIsLeftOut() throws Exception {
        Policy policy =
                PolicyLoader.load(VALID.resolve("defaults.yaml")).policies().get(0);

        assertEquals(Enforcement.ENFORCE, policy.enforcement());
        assertEquals(Match.ALL, policy.match());
        assertEquals(List.of(), policy.excludeImages());
        assertEquals(Action.WARN, policy.onRegistryError());
        assertEquals(1000L, policy.rules().get(0).maxSizeBytes());
    }

    @Test
    void readsSeveralDocumentsAndIgnoresEmptyOnes() throws Exception {
        List<Policy> policies =
                PolicyLoader.load(VALID.resolve("several-documents.yaml")).policies();

        assertEquals(
                List.of("first", "second"), policies.stream().map(Policy::name).toList());
        assertEquals(1610612736L, policies.get(0).rules().get(0).maxSizeBytes());
        assertEquals(2_000_000_000L, policies.get(1).rules().get(0).maxSizeBytes());
        assertEquals(Enforcement.DRYRUN, policies.get(1).enforcement());
    }

    @Test
    void loadsAFolderInNameOrderSkippingHiddenFilesAndConfigMapInternals(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.yml"), policy("b"));
        Files.writeString(dir.resolve("a.yaml"), policy("a"));
        Files.writeString(dir.resolve(".hidden.yaml"), "not: a policy");
        Files.writeString(dir.resolve("notes.txt"), "not yaml");
        Files.createDirectories(dir.resolve("..2024_01_01_00_00_00.1"));
        Files.writeString(dir.resolve("..2024_01_01_00_00_00.1/c.yaml"), policy("c"));
        Files.createSymbolicLink(dir.resolve("..data"), dir.resolve("..2024_01_01_00_00_00.1"));
        Files.createSymbolicLink(dir.resolve("c.yaml"), dir.resolve("..data/c.yaml"));
        Files.createDirectories(dir.resolve("team"));
        Files.writeString(dir.resolve("team/d.yaml"), policy("d"));

        List<Policy> policies = PolicyLoader.load(dir).policies();

        assertEquals(
                List.of("a", "b", "c", "d"), policies.stream().map(Policy::name).toList());
    }

    @Test
    void rejectsTheSamePolicyNameInTwoFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), policy("same"));
        Files.writeString(dir.resolve("b.yaml"), policy("same"));

        PolicyValidationException e = assertThrows(PolicyValidationException.class, () -> PolicyLoader.load(dir));

        assertEquals(
                List.of(dir.resolve("b.yaml") + ":4: metadata.name: duplicate policy name same (first at "
                        + dir.resolve("a.yaml") + ":4)"),
                e.problems().stream().map(PolicyProblem::toString).toList());
    }

    @Test
    void namesAMissingPath() {
        PolicyValidationException e =
                assertThrows(PolicyValidationException.class, () -> PolicyLoader.load(Path.of("/no/such/policies")));

        assertEquals(
                "/no/such/policies: no such file or folder (set weighbridge.policy.path to where the policies are)",
                e.problems().get(0).toString());
    }

    @Test
    void reportsProblemsOfEveryFileInAFolderTogether(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), policy("a").replace("maxSize: 1Gi", "maxSize: lots"));
        Files.writeString(dir.resolve("b.yaml"), policy("b").replace("action: warn", "action: block"));

        PolicyValidationException e = assertThrows(PolicyValidationException.class, () -> PolicyLoader.load(dir));

        assertEquals(2, e.problems().size());
        assertTrue(
                e.getMessage().contains("a.yaml:8: spec.rules[0].maxSize: lots is not a Kubernetes quantity"),
                e.getMessage());
        assertTrue(e.getMessage().contains("b.yaml:9: spec.rules[0].action: unknown value block"), e.getMessage());
    }

    @Test
    void acceptsAnEmptyFolderAsNoPolicies(@TempDir Path dir) throws Exception {
        assertEquals(PolicySet.EMPTY, PolicyLoader.load(dir));
    }

    @Test
    void matchesConfiguredCustomKindsAndSaysWhichKindsAreKnownWhenOneIsNot() throws Exception {
        String policy = """
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: progressive-delivery
                spec:
                  match:
                    kinds: [Rollout, Service, Deployment]
                  rules:
                    - name: cap
                      maxSize: 1Gi
                      action: deny
                """;

        Policy custom = PolicyLoader.parse(policy, "delivery.yaml", CustomKindsProfile.kinds())
                .policies()
                .get(0);
        PolicyValidationException builtInOnly =
                assertThrows(PolicyValidationException.class, () -> PolicyLoader.parse(policy, "delivery.yaml"));
        PolicyValidationException misspelled = assertThrows(
                PolicyValidationException.class,
                () -> PolicyLoader.parse(
                        policy.replace("Rollout,", "Rolout,").replace("Service,", "Secret,"),
                        "delivery.yaml",
                        CustomKindsProfile.kinds()));

        assertEquals(List.of("Rollout", "Service", "Deployment"), custom.match().kinds());
        String builtIns =
                "Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController, DeploymentConfig,"
                        + " BuildConfig";
        assertEquals(
                List.of(
                        "delivery.yaml:7: spec.match.kinds[0]: unsupported kind Rollout; supported: " + builtIns
                                + "; no custom kind is configured (weighbridge.workloads.custom.*)",
                        "delivery.yaml:7: spec.match.kinds[1]: unsupported kind Service; supported: " + builtIns
                                + "; no custom kind is configured (weighbridge.workloads.custom.*)"),
                builtInOnly.problems().stream().map(PolicyProblem::toString).toList());
        assertEquals(
                List.of(
                        "delivery.yaml:7: spec.match.kinds[0]: unsupported kind Rolout; did you mean Rollout?",
                        "delivery.yaml:7: spec.match.kinds[1]: unsupported kind Secret; supported: " + builtIns
                                + "; custom (weighbridge.workloads.custom.*): CloneSet, Service, Rollout"),
                misspelled.problems().stream().map(PolicyProblem::toString).toList());
    }

    @Test
    void loadsTheShippedPolicies() throws Exception {
        List<Policy> policies = PolicyLoader.load(Path.of("policies")).policies();

        assertEquals(
                List.of("cluster-defaults", "ml-workloads"),
                policies.stream().map(Policy::name).toList());
    }

    static String policy(String name) {
        return """
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: %s
                spec:
                  rules:
                    - name: big
                      maxSize: 1Gi
                      action: warn
                """.formatted(name);
    }
}
