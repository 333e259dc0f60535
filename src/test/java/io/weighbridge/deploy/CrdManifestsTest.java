package io.weighbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import io.weighbridge.testing.CrdSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CustomResourceDefinitions of deploy/crds: valid by Kubernetes' own schema of a CRD (strictly:
 * an unknown or misspelt field or schema keyword fails), structural as the API server requires, served and stored in
 * v1alpha1, and copied unchanged into the chart.
 */
class CrdManifestsTest {
    static final Path CRDS = Path.of("deploy/crds");
    static final Path CHART_COPY = Path.of("charts/weighbridge/files/crds");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> crds() throws IOException {
        try (Stream<Path> files = Files.list(CRDS)) {
            return files
                    .filter(f -> f.getFileName().toString().startsWith("weighbridge.io_"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crds")
    void isValidByKubernetesOwnSchemaOfACustomResourceDefinition(Path crd) throws IOException {
        assertEquals(List.of(), kubernetesProblems(YAML.readTree(crd.toFile())), crd.toString());
    }

    /** The check above is alive: a misspelt schema keyword or a misplaced field fails it. */
    @Test
    void aMisspeltKeywordOrAMisplacedFieldFailsKubernetesSchema() throws IOException {
        String crd = Files.readString(CRDS.resolve("weighbridge.io_clusterimagesizepolicies.yaml"));

        List<String> misspelt = kubernetesProblems(YAML.readTree(crd.replaceFirst("minItems: 1", "minItem: 1")));
        List<String> misplaced =
                kubernetesProblems(YAML.readTree(crd.replace("      served: true", "      serve: true")));

        assertEquals(1, misspelt.size(), misspelt.toString());
        assertTrue(misspelt.get(0).contains("minItem"), misspelt.toString());
        assertTrue(misplaced.stream().anyMatch(p -> p.contains("serve")), misplaced.toString());
    }

    private static List<String> kubernetesProblems(JsonNode crd) throws IOException {
        JsonNode strictSchema =
                strict(JSON.readTree(Path.of("src/test/resources/kubernetes/customresourcedefinition-v1.schema.json")
                        .toFile()));
        JsonSchema schema = CrdSchema.validator(strictSchema);
        return schema.validate(crd).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crds")
    void servesAndStoresV1alpha1WithAStatusSubresource(Path crd) throws IOException {
        JsonNode versions = YAML.readTree(crd.toFile()).at("/spec/versions");

        assertEquals(1, versions.size());
        assertEquals("v1alpha1", versions.get(0).get("name").asText());
        assertTrue(versions.get(0).get("served").asBoolean()
                && versions.get(0).get("storage").asBoolean());
        assertTrue(versions.get(0).at("/subresources/status").isObject(), "status is written by the leader alone");
    }

    /**
     * The API server refuses a schema that is not structural: every field has a type (or is int-or-string
     * or preserves unknown fields), anyOf/oneOf carry no types but the int-or-string pair, and the keys
     * of a list map are required.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("crds")
    void schemaIsStructural(Path crd) throws IOException {
        List<String> problems = new ArrayList<>();
        structural(YAML.readTree(crd.toFile()).at("/spec/versions/0/schema/openAPIV3Schema"), "", problems);

        assertEquals(List.of(), problems, crd.toString());
    }

    @Test
    void theChartCarriesTheSameCrds() throws IOException {
        assertEquals(files(CRDS, "weighbridge.io_"), files(CHART_COPY, ""), "run deploy/sync-crds");
    }

    @Test
    void theKustomizationListsEveryCrd() throws IOException {
        JsonNode kustomization =
                YAML.readTree(CRDS.resolve("kustomization.yaml").toFile());
        List<String> listed = new ArrayList<>();
        kustomization.get("resources").forEach(r -> listed.add(r.asText()));

        assertEquals(
                crds().map(p -> p.getFileName().toString()).toList(),
                listed.stream().sorted().toList());
    }

    private static void structural(JsonNode schema, String path, List<String> problems) {
        boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean preserves = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (!schema.has("type") && !intOrString && !preserves) {
            problems.add(path + ": no type");
        }
        if (schema.has("properties") && !"object".equals(schema.path("type").asText())) {
            problems.add(path + ": properties on a non-object");
        }
        if ("array".equals(schema.path("type").asText()) && !schema.has("items")) {
            problems.add(path + ": an array without items");
        }
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
            for (JsonNode alternative : schema.path(combinator)) {
                boolean typed = alternative.has("type") || alternative.has("properties") || alternative.has("items");
                if (typed && !(intOrString && "anyOf".equals(combinator))) {
                    problems.add(path + ": " + combinator + " may only add value checks (" + alternative + ")");
                }
            }
        }
        if (intOrString
                && !"[{\"type\":\"integer\"},{\"type\":\"string\"}]"
                        .equals(schema.path("anyOf").toString())) {
            problems.add(path + ": int-or-string must be anyOf integer, string");
        }
        for (JsonNode key : schema.path("x-kubernetes-list-map-keys")) {
            boolean required = false;
            for (JsonNode r : schema.path("items").path("required")) {
                required |= r.asText().equals(key.asText());
            }
            if (!required) {
                problems.add(path + ": list map key " + key.asText() + " is not required");
            }
        }
        Iterator<Map.Entry<String, JsonNode>> properties =
                schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            structural(property.getValue(), path + "." + property.getKey(), problems);
        }
        if (schema.has("items")) {
            structural(schema.get("items"), path + "[]", problems);
        }
        if (schema.has("default") && schema.has("enum")) {
            boolean listed = false;
            for (JsonNode value : schema.get("enum")) {
                listed |= value.equals(schema.get("default"));
            }
            if (!listed) {
                problems.add(path + ": default " + schema.get("default") + " is not one of its enum");
            }
        }
    }

    /** Kubeconform's strict mode: every definition that lists its properties refuses others. */
    private static JsonNode strict(JsonNode schema) {
        schema.path("definitions").forEach(definition -> {
            if (definition.has("properties") && definition instanceof ObjectNode object) {
                object.put("additionalProperties", false);
            }
        });
        return schema;
    }

    private static Map<String, String> files(Path folder, String prefix) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }

    @Test
    void schemaHelperReadsTheSpecOfEachPolicyKind() {
        CrdSchema cluster = CrdSchema.of(CRDS.resolve("weighbridge.io_clusterimagesizepolicies.yaml"), "v1alpha1");
        assertTrue(cluster.at("spec", "rules", "maxGrowth").has("pattern"));
    }
}
