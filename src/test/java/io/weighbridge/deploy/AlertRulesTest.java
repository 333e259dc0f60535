package io.weighbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules: one source (deploy/prometheus/weighbridge-rules.yaml), checked and unit-tested
 * by promtool, with the same rules in deploy/ and in the chart.
 */
class AlertRulesTest {
    static final Path DIR = Path.of("deploy", "prometheus");
    static final Path RULES = DIR.resolve("weighbridge-rules.yaml");
    static final Path TESTS = DIR.resolve("weighbridge-rules.test.yaml");
    static final Path RUNBOOK = Path.of("docs", "runbook.md");
    /** Where the shipped rules link: the chart's alerts.runbookBaseUrl replaces it. */
    static final String RUNBOOK_URL = "https://github.com/weighbridge/weighbridge/blob/main/docs/runbook.md";

    static final Set<String> ALERTS = Set.of(
            "WeighbridgeDown",
            "WeighbridgeNotReady",
            "WeighbridgeDenialsSurging",
            "WeighbridgeAdmissionLatencyHigh",
            "WeighbridgeRegistryErrors",
            "WeighbridgePolicyReloadFailing",
            "WeighbridgeBigImagesRunning",
            "WeighbridgeBuildOutputOverCap",
            "WeighbridgeExceptionExpiringSoon",
            "WeighbridgePolicyResourceInvalid");
    private static final YAMLMapper YAML = new YAMLMapper();

    @BeforeAll
    static void nativeLibraryStaysInTheBuildFolder() {
        HelmChartTest.nativeLibraryStaysInTheBuildFolder();
    }

    @Test
    void promtoolChecksTheRules() throws Exception {
        promtool(Path.of("."), "check", "rules", RULES.toString());
    }

    @Test
    void promtoolUnitTestsPass() throws Exception {
        promtool(DIR, "test", "rules", TESTS.getFileName().toString());
    }

    @Test
    void theAlertsAreTheOnesOperatorsNeed() throws IOException {
        assertEquals(
                new TreeSet<>(ALERTS),
                new TreeSet<>(
                        alerts().stream().map(r -> r.get("alert").asText()).toList()));
    }

    @Test
    void everyAlertHasSummaryDescriptionAndARunbookSection() throws IOException {
        String runbook = Files.readString(RUNBOOK);
        for (JsonNode rule : alerts()) {
            String alert = rule.get("alert").asText();
            JsonNode annotations = rule.path("annotations");
            assertTrue(annotations.path("summary").asText().length() > 10, alert + " summary");
            assertTrue(annotations.path("description").asText().length() > 40, alert + " description");
            assertEquals(
                    RUNBOOK_URL + "#" + alert.toLowerCase(),
                    annotations.path("runbook_url").asText(),
                    alert);
            assertTrue(
                    Pattern.compile("(?m)^## " + alert + "$").matcher(runbook).find(),
                    "docs/runbook.md has no section ## " + alert);
            assertTrue(rule.path("labels").hasNonNull("severity"), alert + " severity");
        }
    }

    /** Alertmanager and the tools it notifies cannot resolve a relative link: each must open the runbook at its section. */
    @Test
    void everyRunbookUrlIsAbsoluteAndItsAnchorIsAHeadingOfTheRunbook() throws IOException {
        Set<String> anchors = headingAnchors(Files.readAllLines(RUNBOOK));
        for (JsonNode rule : alerts()) {
            String alert = rule.get("alert").asText();
            URI url = URI.create(rule.path("annotations").path("runbook_url").asText());
            assertTrue(
                    url.isAbsolute() && "https".equals(url.getScheme()) && url.getHost() != null, alert + ": " + url);
            assertTrue(url.getPath().endsWith("/docs/runbook.md"), alert + " links " + url);
            assertTrue(
                    anchors.contains(url.getFragment()),
                    alert + " links #" + url.getFragment() + ", which no heading of docs/runbook.md makes: " + anchors);
        }
    }

    @Test
    void theChartPointsTheRunbookLinksWhereItsValueSays() throws IOException {
        String base = "https://wiki.example.com/ops/weighbridge-runbook";
        JsonNode spec = chartRuleSpec(HelmChartTest.template()
                .set("alerts.enabled", true)
                .set("alerts.runbookBaseUrl", base)
                .call());
        int links = 0;
        for (JsonNode rule : spec.path("groups").get(0).path("rules")) {
            if (rule.has("alert")) {
                assertEquals(
                        base + "#" + rule.get("alert").asText().toLowerCase(),
                        rule.path("annotations").path("runbook_url").asText());
                links++;
            }
        }
        assertEquals(ALERTS.size(), links);
    }

    /** The anchors GitHub gives the headings of a Markdown file: lower case, spaces to dashes, punctuation dropped. */
    static Set<String> headingAnchors(List<String> markdown) {
        Set<String> anchors = new TreeSet<>();
        boolean fenced = false;
        for (String line : markdown) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.matches("#{1,6} .*")) {
                String title = line.replaceFirst("^#+ ", "").trim().toLowerCase(java.util.Locale.ROOT);
                anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    @Test
    void everyAlertIsTestedFiringAndNotFiring() throws IOException {
        JsonNode tests = YAML.readTree(TESTS.toFile());
        Set<String> fires = new TreeSet<>();
        Set<String> staysQuiet = new TreeSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").isEmpty() ? staysQuiet : fires)
                        .add(check.path("alertname").asText());
            }
        }
        assertEquals(new TreeSet<>(ALERTS), fires, "alerts with a test where they fire");
        assertEquals(new TreeSet<>(ALERTS), staysQuiet, "alerts with a test where they do not fire");
    }

    @Test
    void rulesReadOnlyMetricsWeighbridgeExposes() throws IOException {
        for (JsonNode rule : alerts()) {
            String expr = rule.get("expr").asText();
            assertEquals(
                    Set.of(), MetricReferences.unknown(expr), rule.get("alert").asText() + " reads unknown metrics");
        }
    }

    @Test
    void deployAndChartCarryTheSameRules() throws IOException {
        JsonNode source = YAML.readTree(RULES.toFile());
        JsonNode kustomize = YAML.readTree(
                Path.of("deploy/components/monitoring/prometheusrule.yaml").toFile());
        assertEquals(
                source,
                kustomize.get("spec"),
                "deploy/components/monitoring/prometheusrule.yaml differs: run deploy/sync-monitoring");
        assertEquals(
                Files.readString(RULES),
                Files.readString(HelmChartTest.CHART.resolve("rules/weighbridge-rules.yaml")),
                "the chart's copy of the rules differs: run deploy/sync-monitoring");

        assertEquals(
                source,
                chartRuleSpec(
                        HelmChartTest.template().set("alerts.enabled", true).call()));
        ObjectNode raised = source.deepCopy();
        StreamSupport.stream(raised.path("groups").get(0).path("rules").spliterator(), false)
                .filter(r -> "WeighbridgeDown".equals(r.path("alert").asText()))
                .forEach(r -> ((ObjectNode) r.get("labels")).put("severity", "critical"));
        assertEquals(
                raised,
                chartRuleSpec(HelmChartTest.template()
                        .set("alerts.enabled", true)
                        .set("webhook.failurePolicy", "Fail")
                        .call()),
                "with failurePolicy Fail only WeighbridgeDown is critical");
    }

    private static JsonNode chartRuleSpec(String rendered) throws IOException {
        for (String document : rendered.split("(?m)^---\\s*$")) {
            JsonNode node = YAML.readTree(document);
            if (node != null && "PrometheusRule".equals(node.path("kind").asText())) {
                return node.get("spec");
            }
        }
        return fail("the chart rendered no PrometheusRule");
    }

    private static List<JsonNode> alerts() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
            group.path("rules").forEach(r -> {
                if (r.has("alert")) {
                    alerts.add(r);
                }
            });
        }
        return alerts;
    }

    private static void promtool(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            fail("promtool is not installed (Debian package prometheus): run .ci/install-test-tools", e);
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "promtool did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
    }
}
