package io.weighbridge.cli;

import static io.weighbridge.check.Verdicts.finding;
import static io.weighbridge.check.Verdicts.weighed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.weighbridge.check.CheckReport;
import io.weighbridge.dockerfile.Dockerfile;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code check -o sarif}: valid SARIF 2.1.0 (the official schema), findings where they are. */
class SarifReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = schema();

    static JsonSchema schema() {
        try (InputStream schema = SarifReportTest.class.getResourceAsStream("/sarif/sarif-2.1.0-rtm.5.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(JSON.readTree(schema));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema's complaints about a document; empty when valid. */
    static Set<ValidationMessage> violations(JsonNode sarif) {
        return SCHEMA.validate(sarif);
    }

    @Test
    void theSchemaRejectsWhatIsNotSarifSoTheTestCanFail() throws Exception {
        assertTrue(
                !violations(JSON.readTree("{\"version\": \"2.1.0\", \"runs\": [{\"results\": []}]}"))
                        .isEmpty(),
                "a run without tool.driver");
    }

    @Test
    void dockerfileFindingsAtTheirLinesAndTheBaseFindingAtItsFromLine() {
        String text = "# base\nFROM registry.test/app/big:1\nRUN apt-get update && apt-get install -y curl\n";
        Dockerfile dockerfile = Dockerfile.parse(text);
        Evaluation evaluation = new Evaluation(
                Action.DENY,
                List.of(weighed(
                        "registry.test/app/big:1", 6000, finding("hard-cap", Action.DENY, "build base is 6 GiB"))),
                List.of(new Finding(
                        "apt-lists-kept",
                        "cluster-defaults",
                        Action.WARN,
                        "Dockerfile of build/Dockerfile line 3 (cluster-defaults/apt-lists-kept): apt package lists stay in the layer;"
                                + " end the RUN with rm -rf /var/lib/apt/lists/*",
                        false,
                        3)));

        JsonNode sarif = SarifReport.of(
                CheckReport.of(evaluation), new CheckedSource("build/Dockerfile", text, dockerfile), "0.1.0", JSON);

        assertEquals(Set.of(), violations(sarif));
        JsonNode results = sarif.at("/runs/0/results");
        assertEquals(2, results.size());
        assertResult(results.get(0), "cluster-defaults/hard-cap", "error", "build/Dockerfile", 2);
        assertResult(results.get(1), "apt-lists-kept", "warning", "build/Dockerfile", 3);
        JsonNode rules = sarif.at("/runs/0/tool/driver/rules");
        assertEquals(
                "apt-lists-kept",
                rules.get(results.get(1).get("ruleIndex").asInt()).get("id").asText());
        String help = rules.get(1).at("/help/text").asText();
        assertTrue(help.startsWith("Fix: end the RUN with rm -rf /var/lib/apt/lists/*."), help);
        assertEquals(
                SarifReport.DOCKERFILE_RULES_URI, rules.get(1).get("helpUri").asText());
        assertTrue(
                rules.get(0).at("/help/text").asText().contains("multi-stage build"),
                rules.get(0).toString());
    }

    @Test
    void anImageOfAManifestIsPlacedAtTheLineThatNamesIt() {
        String manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n"
                + "    - name: web\n      image: \"registry.test/app/big:1\"\n";
        Evaluation evaluation = new Evaluation(
                Action.WARN,
                List.of(weighed("registry.test/app/big:1", 1500, finding("very-big", Action.WARN, "big"))));

        JsonNode sarif = SarifReport.of(
                CheckReport.of(evaluation), new CheckedSource("deploy/pod.yaml", manifest, null), "0.1.0", JSON);

        assertEquals(Set.of(), violations(sarif));
        assertResult(sarif.at("/runs/0/results/0"), "cluster-defaults/very-big", "warning", "deploy/pod.yaml", 8);
    }

    @Test
    void bareImagesHaveNoLocationAndStayValid() {
        Evaluation evaluation = new Evaluation(
                Action.WARN, List.of(weighed("nginx:1.27", 1500, finding("very-big", Action.WARN, "big"))));

        JsonNode sarif = SarifReport.of(CheckReport.of(evaluation), null, "0.1.0", JSON);

        assertEquals(Set.of(), violations(sarif));
        assertTrue(sarif.at("/runs/0/results/0/locations").isMissingNode());
    }

    private static void assertResult(JsonNode result, String ruleId, String level, String file, int line) {
        assertEquals(ruleId, result.get("ruleId").asText(), result.toString());
        assertEquals(level, result.get("level").asText(), result.toString());
        assertEquals(
                file,
                result.at("/locations/0/physicalLocation/artifactLocation/uri").asText(),
                result.toString());
        assertEquals(
                line,
                result.at("/locations/0/physicalLocation/region/startLine").asInt(),
                result.toString());
    }
}
