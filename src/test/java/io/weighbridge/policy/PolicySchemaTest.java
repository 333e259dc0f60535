package io.weighbridge.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.weighbridge.dockerfile.DockerfileLinter;
import io.weighbridge.testing.CrdSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One schema for policy files and policy resources: the CRDs' {@code openAPIV3Schema} and the file
 * reader know the same fields and values, every valid policy anywhere in the repository (fixtures,
 * shipped policies, chart copies, examples in the docs) is valid by the schema, and every invalid
 * fixture whose fault a schema can express is refused by it too (the webhook's own validation,
 * reported in status, covers the rest).
 */
class PolicySchemaTest {
    static final CrdSchema CLUSTER =
            CrdSchema.of(Path.of("deploy/crds/weighbridge.io_clusterimagesizepolicies.yaml"), "v1alpha1");
    static final CrdSchema NAMESPACED =
            CrdSchema.of(Path.of("deploy/crds/weighbridge.io_imagesizepolicies.yaml"), "v1alpha1");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern YAML_BLOCK = Pattern.compile("(?s)```yaml\\n(.*?)```");

    @Test
    void theReaderAndTheSchemaKnowTheSameFields() {
        assertEquals(set(PolicyDocumentReader.TOP_FIELDS), properties(CLUSTER.openApiSchema()));
        assertEquals(set(PolicyDocumentReader.SPEC_FIELDS), properties(CLUSTER.at("spec")));
        assertEquals(set(PolicyDocumentReader.MATCH_FIELDS), properties(CLUSTER.at("spec", "match")));
        assertEquals(set(PolicyDocumentReader.RULE_FIELDS), properties(CLUSTER.at("spec", "rules")));
        assertEquals(set(DockerfileLinter.ruleIds()), properties(CLUSTER.at("spec", "dockerfileRules")));
    }

    @Test
    void theReaderAndTheSchemaKnowTheSameValues() {
        assertEquals(
                ids(Enforcement.values()),
                values(CLUSTER.at("spec", "enforcement").get("enum")));
        assertEquals(
                ids(Action.values()),
                values(CLUSTER.at("spec", "onRegistryError").get("enum")));
        assertEquals(
                Set.of("warn", "deny"),
                values(CLUSTER.at("spec", "rules", "action").get("enum")));
        for (String rule : DockerfileLinter.ruleIds()) {
            assertEquals(
                    set(PolicyDocumentReader.DOCKERFILE_RULE_VALUES),
                    values(CLUSTER.at("spec", "dockerfileRules", rule).get("enum")));
        }
        assertEquals(
                Enforcement.ENFORCE.id(),
                CLUSTER.at("spec", "enforcement").get("default").asText());
        assertEquals(
                Action.WARN.id(),
                CLUSTER.at("spec", "onRegistryError").get("default").asText());
    }

    @Test
    void aRuleHasExactlyOneConditionInBoth() {
        List<String> oneOf = new ArrayList<>();
        CLUSTER.at("spec", "rules")
                .get("items")
                .get("oneOf")
                .forEach(alternative ->
                        oneOf.add(alternative.get("required").get(0).asText()));

        assertEquals(PolicyDocumentReader.CONDITIONS, oneOf);
    }

    /** A namespaced policy's spec is the cluster one's without the namespaces it cannot choose. */
    @Test
    void theNamespacedSpecIsTheClusterSpecWithoutChoosingNamespaces() {
        ObjectNode cluster = (ObjectNode) withoutDescriptions(CLUSTER.at("spec").deepCopy());
        ObjectNode matchProperties =
                (ObjectNode) cluster.get("properties").get("match").get("properties");
        PolicyDocumentReader.CLUSTER_MATCH_FIELDS.forEach(matchProperties::remove);

        assertEquals(cluster, withoutDescriptions(NAMESPACED.at("spec").deepCopy()));
        assertEquals(
                withoutDescriptions(CLUSTER.at("status").deepCopy()),
                withoutDescriptions(NAMESPACED.at("status").deepCopy()));
    }

    record Document(String where, JsonNode object) {
        @Override
        public String toString() {
            return where;
        }
    }

    static Stream<Document> validPolicies() throws IOException {
        List<Document> documents = new ArrayList<>();
        for (Path folder : List.of(
                Path.of("policies"),
                Path.of("charts/weighbridge/policies"),
                Path.of("deploy/base/policies"),
                Path.of("src/test/resources/policies/valid"),
                Path.of("src/test/resources/e2e/policies"))) {
            for (Path file : yamlFiles(folder)) {
                documents.addAll(documents(file.toString(), Files.readString(file)));
            }
        }
        try (Stream<Path> cases = Files.list(Path.of("src/test/resources/policy-cases"))) {
            for (Path folder : cases.filter(Files::isDirectory).sorted().toList()) {
                Path file = folder.resolve("policy.yaml");
                documents.addAll(documents(
                        file.toString(),
                        Files.readString(file)
                                .replace("${auth-registry}", "auth.registry.test:5000")
                                .replace("${registry}", "registry.test:5000")));
            }
        }
        for (Path doc : docsWithPolicies()) {
            Matcher block = YAML_BLOCK.matcher(Files.readString(doc));
            for (int i = 1; block.find(); i++) {
                if (block.group(1).contains("apiVersion: weighbridge.io/v1alpha1")) {
                    documents.addAll(documents(doc + " yaml block " + i, block.group(1)).stream()
                            .filter(d -> PolicyDocumentReader.KINDS.contains(
                                    d.object().path("kind").asText()))
                            .toList());
                }
            }
        }
        return documents.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPolicies")
    void everyValidPolicyIsValidByTheSchemaOfItsKind(Document document) {
        assertEquals(List.of(), schemaOf(document.object()).problems(document.object()));
    }

    @Test
    void theValidPoliciesAreManyAndComeFromEveryPlace() throws IOException {
        List<String> places = validPolicies().map(Document::where).toList();

        assertTrue(places.size() > 40, places.toString());
        assertTrue(places.stream().anyMatch(p -> p.startsWith("README.md yaml block")), places.toString());
        assertTrue(places.stream().anyMatch(p -> p.contains("policy-cases")), places.toString());
    }

    /**
     * Each invalid fixture, with whether the CRD's schema refuses it too. Where it cannot (names,
     * duplicates, kinds, references), the webhook refuses it and says why in status.conditions.
     */
    record Invalid(String file, boolean schemaRefuses) {
        @Override
        public String toString() {
            return file + (schemaRefuses ? " (the schema refuses it too)" : " (only the webhook can tell)");
        }
    }

    static Stream<Invalid> invalidFixtures() {
        return Stream.of(
                new Invalid("bad-enums.yaml", true),
                new Invalid(
                        "bad-sizes.yaml",
                        true), // 5GB and 500m break the quantity pattern; 0 and -1Gi only the webhook refuses
                new Invalid("growth.yaml", true),
                new Invalid("no-rules.yaml", true),
                new Invalid("rule-shapes.yaml", true),
                new Invalid("unknown-fields.yaml", true),
                new Invalid("wrong-types.yaml", true),
                new Invalid("names.yaml", true), // a rule without a name; metadata names are the API server's
                new Invalid(
                        "bad-references.yaml",
                        true), // an empty preferredBases; kinds, references and bases only the webhook
                new Invalid("duplicate-policies.yaml", false),
                new Invalid("not-a-policy.yaml", false),
                new Invalid(
                        "scopes.yaml",
                        true)); // a namespaced policy's namespaces; a cluster policy's namespace is the API server's
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFixtures")
    void theSchemaRefusesTheInvalidFixturesItCanTell(Invalid row) throws IOException {
        Path file = Path.of("src/test/resources/policies/invalid", row.file());
        List<String> problems = new ArrayList<>();
        for (Document document : documents(file.toString(), Files.readString(file))) {
            if (PolicyDocumentReader.KINDS.contains(
                            document.object().path("kind").asText())
                    && PolicyDocumentReader.API_VERSION.equals(
                            document.object().path("apiVersion").asText())) {
                problems.addAll(schemaOf(document.object()).problems(document.object()));
            }
        }

        assertEquals(row.schemaRefuses(), !problems.isEmpty(), problems.toString());
    }

    @Test
    void everyInvalidFixtureHasARow() throws IOException {
        assertEquals(
                new TreeSet<>(yamlFiles(Path.of("src/test/resources/policies/invalid")).stream()
                        .map(f -> f.getFileName().toString())
                        .filter(name -> !name.equals("syntax-error.yaml") && !name.equals("duplicate-field.yaml"))
                        .toList()),
                new TreeSet<>(invalidFixtures().map(Invalid::file).toList()),
                "syntax-error.yaml and duplicate-field.yaml are YAML faults no schema sees");
    }

    /** A namespaced policy cannot choose namespaces: its CRD has no such fields, so kubectl refuses them. */
    @Test
    void aNamespacedPolicyThatChoosesNamespacesIsRefusedByItsSchema() throws IOException {
        JsonNode choosing = documents(
                        "scopes.yaml", Files.readString(Path.of("src/test/resources/policies/invalid/scopes.yaml")))
                .get(1)
                .object();

        assertEquals("team-a", choosing.at("/metadata/namespace").asText());
        assertFalse(NAMESPACED.problems(choosing).isEmpty());
        assertTrue(
                NAMESPACED.problems(choosing).stream().anyMatch(p -> p.contains("namespaces")),
                NAMESPACED.problems(choosing).toString());
    }

    private static CrdSchema schemaOf(JsonNode document) {
        boolean namespaced =
                PolicyDocumentReader.KIND.equals(document.path("kind").asText())
                        && document.at("/metadata/namespace").isTextual();
        return namespaced ? NAMESPACED : CLUSTER;
    }

    private static List<Document> documents(String where, String text) throws IOException {
        List<Document> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> all = YAML.readerFor(JsonNode.class).readValues(text)) {
            int index = 0;
            while (all.hasNextValue()) {
                JsonNode document = all.nextValue();
                index++;
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                if (document.path("kind").asText().endsWith("List") && document.has("items")) {
                    int item = 0;
                    for (JsonNode object : document.get("items")) {
                        documents.add(new Document(where + " document " + index + " item " + item++, object));
                    }
                } else {
                    documents.add(new Document(where + (index > 1 ? " document " + index : ""), document));
                }
            }
        }
        return documents;
    }

    private static List<Path> yamlFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static List<Path> docsWithPolicies() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md"), Path.of("charts/weighbridge/README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    private static Set<String> properties(JsonNode schema) {
        JsonNode node = schema;
        while (node.has("items")) {
            node = node.get("items");
        }
        Set<String> names = new TreeSet<>();
        node.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> values(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Set<String> ids(Enum<?>[] constants) {
        Set<String> ids = new TreeSet<>();
        for (Enum<?> constant : constants) {
            ids.add(constant.name().toLowerCase(Locale.ROOT));
        }
        return ids;
    }

    private static Set<String> set(List<String> list) {
        return new TreeSet<>(list);
    }

    private static JsonNode withoutDescriptions(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            object.remove("description");
            Iterator<JsonNode> children = object.elements();
            while (children.hasNext()) {
                withoutDescriptions(children.next());
            }
        } else if (schema.isArray()) {
            schema.forEach(PolicySchemaTest::withoutDescriptions);
        }
        return schema;
    }
}
