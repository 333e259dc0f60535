package io.weighbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.weighbridge.metrics.MetricNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/grafana/weighbridge-dashboard.json: queries only what weighbridge exposes, and ships in the chart as is. */
class DashboardTest {
    static final Path DASHBOARD = Path.of("deploy", "grafana", "weighbridge-dashboard.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void nativeLibraryStaysInTheBuildFolder() {
        HelmChartTest.nativeLibraryStaysInTheBuildFolder();
    }

    @Test
    void everyPanelQueriesOnlyMetricsThatExist() throws IOException {
        List<JsonNode> panels = panels();
        assertFalse(panels.isEmpty());
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertFalse(panel.path("targets").isEmpty(), title + " has no query");
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertTrue(MetricReferences.readsAMetric(expr), title + ": " + expr);
                assertEquals(
                        Set.of(), MetricReferences.unknown(expr), title + " reads metrics weighbridge does not expose");
            }
        }
    }

    @Test
    void everyWeighbridgeMetricIsOnTheDashboard() throws IOException {
        Set<String> shown = new TreeSet<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                MetricNames.prometheusNames().stream()
                        .filter(name -> target.path("expr")
                                .asText()
                                .matches("(?s).*\\b" + name + "(_bucket|_count|_sum|_max)?\\b.*"))
                        .forEach(shown::add);
            }
        }
        assertEquals(new TreeSet<>(MetricNames.prometheusNames()), shown);
    }

    @Test
    void panelsHaveDistinctIdsAndTheDataSourceVariable() throws IOException {
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : allPanels(JSON.readTree(DASHBOARD.toFile()))) {
            assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id " + panel.path("id"));
            if (panel.has("targets")) {
                assertEquals(
                        "${datasource}",
                        panel.path("datasource").path("uid").asText(),
                        panel.path("title").asText());
            }
        }
    }

    @Test
    void theChartShipsTheSameDashboard() throws IOException {
        assertEquals(
                Files.readString(DASHBOARD),
                Files.readString(HelmChartTest.CHART.resolve("dashboards/weighbridge.json")),
                "the chart's dashboard differs: run deploy/sync-monitoring");
        String rendered =
                HelmChartTest.template().set("dashboard.enabled", true).call();
        for (String document : rendered.split("(?m)^---\\s*$")) {
            JsonNode node = new YAMLMapper().readTree(document);
            if (node != null && node.path("data").has("weighbridge.json")) {
                assertEquals(
                        JSON.readTree(DASHBOARD.toFile()),
                        JSON.readTree(node.path("data").path("weighbridge.json").asText()));
                return;
            }
        }
        fail("the chart rendered no dashboard ConfigMap");
    }

    private static List<JsonNode> panels() throws IOException {
        return allPanels(JSON.readTree(DASHBOARD.toFile())).stream()
                .filter(p -> !"row".equals(p.path("type").asText()))
                .toList();
    }

    private static List<JsonNode> allPanels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }
}
