package io.weighbridge.check;

import static io.weighbridge.check.Verdicts.MIB;
import static io.weighbridge.check.Verdicts.dryRunFinding;
import static io.weighbridge.check.Verdicts.finding;
import static io.weighbridge.check.Verdicts.notWeighed;
import static io.weighbridge.check.Verdicts.weighed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weighbridge.check.CheckReport.ImageUser;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Evaluation;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckReportTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void writesTheDocumentedFieldNamesInTheirOrder() throws Exception {
        Evaluation evaluation = new Evaluation(
                Action.WARN, List.of(weighed("nginx:1.27", 40, finding("very-big", Action.WARN, "nginx:1.27 is big"))));

        String text = json.writeValueAsString(CheckReport.of(evaluation));

        assertEquals(
                "{\"verdict\":\"warn\",\"images\":[{\"image\":\"nginx:1.27\","
                        + "\"digest\":\"sha256:" + "a".repeat(64) + "\",\"platform\":\"linux/amd64\","
                        + "\"sizeBytes\":" + (41 * MIB + 2048) + ",\"layers\":2,\"largestLayerBytes\":" + 40 * MIB + ","
                        + "\"base\":\"alpine 3.20.3\","
                        + "\"findings\":[{\"rule\":\"very-big\",\"policy\":\"cluster-defaults\",\"action\":\"warn\","
                        + "\"message\":\"nginx:1.27 is big\",\"dryRun\":false}],"
                        + "\"verdict\":\"warn\"}]}",
                text);
    }

    @Test
    void keepsTheImageAsGivenNotNormalised() {
        CheckReport report = CheckReport.of(new Evaluation(Action.ALLOW, List.of(weighed("nginx", 1))));

        assertEquals("nginx", report.images().get(0).image());
    }

    @Test
    void addsErrorOnlyWhenTheImageCouldNotBeWeighed() throws Exception {
        Evaluation evaluation = new Evaluation(
                Action.DENY,
                List.of(
                        weighed("alpine:3.20", 3),
                        notWeighed(
                                "ghost:1",
                                "manifest unknown",
                                finding("registry-error", Action.DENY, "could not weigh ghost:1"))));

        JsonNode images = json.valueToTree(CheckReport.of(evaluation)).get("images");

        assertFalse(images.get(0).has("error"));
        assertEquals("manifest unknown", images.get(1).get("error").asText());
        assertTrue(images.get(1).get("sizeBytes").isNull());
        assertTrue(images.get(1).get("digest").isNull());
        assertEquals("deny", images.get(1).get("verdict").asText());
    }

    @Test
    void marksDryRunFindingsAsAllowWithDryRunTrue() throws Exception {
        Evaluation evaluation = new Evaluation(
                Action.ALLOW,
                List.of(weighed("python:3.12", 400, dryRunFinding("hard-cap", "python:3.12 would be denied"))));

        JsonNode finding = json.valueToTree(CheckReport.of(evaluation)).at("/images/0/findings/0");

        assertEquals("allow", finding.get("action").asText());
        assertTrue(finding.get("dryRun").asBoolean());
        assertEquals("python:3.12 would be denied", finding.get("message").asText());
    }

    @Test
    void namesWhoUsesAnImageOnlyWhenObjectsWereChecked() throws Exception {
        Evaluation evaluation = new Evaluation(Action.ALLOW, List.of(weighed("redis:7", 10)));

        JsonNode bare = json.valueToTree(CheckReport.of(evaluation)).at("/images/0");
        JsonNode used = json.valueToTree(
                        CheckReport.of(evaluation, image -> List.of(new ImageUser("Deployment/shop/cache", "redis"))))
                .at("/images/0");

        assertFalse(bare.has("usedBy"));
        assertEquals(
                "{\"object\":\"Deployment/shop/cache\",\"container\":\"redis\"}",
                used.get("usedBy").get(0).toString());
    }

    @Test
    void combinedReportsTakeTheStrongestVerdictAndKeepEveryImage() {
        CheckReport allowed = CheckReport.of(new Evaluation(Action.ALLOW, List.of(weighed("a", 1))));
        CheckReport denied = CheckReport.of(new Evaluation(
                Action.DENY, List.of(weighed("b", 9000, finding("hard-cap", Action.DENY, "b is too big")))));

        CheckReport combined = CheckReport.combine(List.of(allowed, denied));

        assertEquals(Action.DENY, combined.verdict());
        assertEquals(
                List.of("a", "b"),
                combined.images().stream().map(CheckReport.ImageEntry::image).toList());
    }
}
