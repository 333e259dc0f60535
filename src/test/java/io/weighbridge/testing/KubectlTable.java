package io.weighbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code kubectl get <plural> [-A]} prints for custom resources, rendered as the API server and
 * kubectl do it: the CRD's {@code additionalPrinterColumns} of priority 0 (their {@code jsonPath}
 * evaluated on each object; the simple paths and {@code [?(@.field=="value")]} filters CRDs use), NAME
 * first and NAMESPACE before it with {@code -A}, a {@code date} column as an age, columns padded
 * by three spaces as kubectl's tab writer pads them, rows sorted by namespace and name.
 */
public final class KubectlTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILTER = Pattern.compile("([^\\[]*)\\[\\?\\(@\\.([^=]+)==\"([^\"]*)\"\\)]");

    private KubectlTable() {}

    public static String render(
            CustomResourceDefinition crd, List<GenericKubernetesResource> items, boolean allNamespaces, Instant now) {
        List<CustomResourceColumnDefinition> columns =
                crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
                        .filter(column -> column.getPriority() == null || column.getPriority() == 0)
                        .toList();
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        if (allNamespaces) {
            header.add("NAMESPACE");
        }
        header.add("NAME");
        columns.forEach(column -> header.add(column.getName().toUpperCase(Locale.ROOT)));
        rows.add(header);
        List<GenericKubernetesResource> sorted = items.stream()
                .sorted(Comparator.comparing((GenericKubernetesResource r) ->
                                String.valueOf(r.getMetadata().getNamespace()))
                        .thenComparing(r -> r.getMetadata().getName()))
                .toList();
        for (GenericKubernetesResource item : sorted) {
            JsonNode object = JSON.valueToTree(item);
            List<String> row = new ArrayList<>();
            if (allNamespaces) {
                row.add(item.getMetadata().getNamespace());
            }
            row.add(item.getMetadata().getName());
            for (CustomResourceColumnDefinition column : columns) {
                JsonNode value = evaluate(object, column.getJsonPath());
                row.add(cell(value, column.getType(), now));
            }
            rows.add(row);
        }
        return table(rows);
    }

    /** The first value the path selects, or a missing node. */
    static JsonNode evaluate(JsonNode object, String path) {
        JsonNode node = object;
        for (String segment : path.substring(1).split("\\.(?![^\\[]*\\])")) {
            Matcher filter = FILTER.matcher(segment);
            if (filter.matches()) {
                JsonNode array = node.path(filter.group(1));
                JsonNode match = JSON.missingNode();
                for (JsonNode element : array) {
                    if (element.path(filter.group(2)).asText().equals(filter.group(3))) {
                        match = element;
                        break;
                    }
                }
                node = match;
            } else {
                node = node.path(segment);
            }
        }
        return node;
    }

    private static String cell(JsonNode value, String type, Instant now) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if ("date".equals(type)) {
            return age(Duration.between(Instant.parse(value.asText()), now));
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** k8s.io/apimachinery's duration.HumanDuration, as kubectl prints AGE. */
    static String age(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return minutes + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return hours + "h" + (minutes % 60 == 0 ? "" : minutes % 60 + "m");
        }
        if (hours < 48) {
            return hours + "h";
        }
        long days = hours / 24;
        if (days < 8) {
            return days + "d" + (hours % 24 == 0 ? "" : hours % 24 + "h");
        }
        return days + "d";
    }

    private static String table(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 3));
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
