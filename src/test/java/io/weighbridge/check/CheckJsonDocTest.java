package io.weighbridge.check;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/check-json.md against the JSON {@link CheckReport} writes: each table lists exactly the
 * fields emitted at its level, and every example parses and uses only those fields, in the
 * emitted order.
 */
class CheckJsonDocTest {
    private static final Path DOC = Path.of("docs/check-json.md");
    private static final Pattern EXAMPLE = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SECTION = Pattern.compile("^## (.*)$", Pattern.MULTILINE);
    private static final Pattern FIELD_ROW = Pattern.compile("^\\| `([A-Za-z]+)` \\|", Pattern.MULTILINE);
    /** Each level of the document, by the heading of the table that describes it. */
    private static final Map<String, String> LEVELS = Map.of(
            "Top level", "",
            "`images[]`", "images",
            "`usedBy[]`", "images.usedBy",
            "`findings[]` (and `dockerfile[]`)", "images.findings");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theTablesListExactlyTheFieldsTheReportWrites() throws Exception {
        Map<String, Set<String>> documented = documentedFields();
        Map<String, List<String>> emitted = fieldsByLevel(json.valueToTree(everyField()));

        assertEquals(Set.copyOf(LEVELS.values()), documented.keySet(), "a table per level");
        for (String level : documented.keySet()) {
            assertEquals(
                    new LinkedHashSet<>(emitted.get(level)), documented.get(level), "fields of level '" + level + "'");
        }
        assertEquals(emitted.get("images.findings"), emitted.get("dockerfile"), "dockerfile[] entries are findings");
    }

    @Test
    void everyExampleParsesAndUsesTheEmittedFieldsInTheirOrder() throws Exception {
        Map<String, List<String>> emitted = fieldsByLevel(json.valueToTree(everyField()));
        Matcher examples = EXAMPLE.matcher(Files.readString(DOC));
        int count = 0;
        while (examples.find()) {
            count++;
            JsonNode example = json.readTree(examples.group(1));
            Map<String, List<String>> shown = fieldsByLevel(example);
            for (Map.Entry<String, List<String>> level : shown.entrySet()) {
                List<String> order = emitted.get(level.getKey());
                assertTrue(
                        order != null && order.containsAll(level.getValue()),
                        "example " + count + ", level '" + level.getKey() + "': " + level.getValue() + " not all in "
                                + order);
                List<String> positions = level.getValue().stream()
                        .map(field -> String.format("%02d", order.indexOf(field)))
                        .toList();
                assertEquals(
                        positions.stream().sorted().toList(),
                        positions,
                        "example " + count + ", level '" + level.getKey() + "' in the emitted order " + order);
            }
        }
        assertEquals(2, count, "a Pod example and a BuildConfig example");
    }

    @Test
    void aBuildBaseIsNamedInBuildBaseAndAContainerInContainer() {
        JsonNode users = json.valueToTree(everyField()).at("/images/1/usedBy");

        assertEquals("dockerStrategy.from", users.get(0).get("buildBase").asText());
        assertFalse(users.get(0).has("container"));
        assertEquals(ImageUser.of("Pod/shop/web", "init:setup"), new ImageUser("Pod/shop/web", "init:setup", null));
    }

    /** A report in which every optional field is present somewhere. */
    private static CheckReport everyField() {
        Evaluation evaluation = new Evaluation(
                Action.DENY,
                List.of(
                        weighed("nginx:1.27", 40, finding("very-big", Action.WARN, "nginx:1.27 is big")),
                        notWeighed(
                                "registry.test/app/base:1",
                                "manifest unknown",
                                finding(
                                        "registry-error",
                                        Action.DENY,
                                        "could not weigh build base registry.test/app/base:1"))),
                List.of(finding("apk-no-cache", Action.WARN, "Dockerfile line 3 (cluster-defaults/apk-no-cache): …")));
        return CheckReport.of(
                        evaluation,
                        image -> image.equals("nginx:1.27")
                                ? List.of(ImageUser.of("Deployment/shop/web", "nginx"))
                                : List.of(ImageUser.of("BuildConfig/shop/catalog", "build:dockerStrategy.from")))
                .withCredentials("the pull secrets of namespace shop were not used: bob may not get secrets there; …");
    }

    /** Field names at each level ({@code images.usedBy}), in first-seen order, over every element of arrays. */
    private static Map<String, List<String>> fieldsByLevel(JsonNode root) {
        Map<String, List<String>> levels = new LinkedHashMap<>();
        collect(root, "", levels);
        return levels;
    }

    private static void collect(JsonNode node, String level, Map<String, List<String>> levels) {
        if (node.isArray()) {
            node.forEach(element -> collect(element, level, levels));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        List<String> fields = levels.computeIfAbsent(level, key -> new ArrayList<>());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!fields.contains(field.getKey())) {
                fields.add(field.getKey());
            }
            if (field.getValue().isContainerNode()) {
                collect(field.getValue(), level.isEmpty() ? field.getKey() : level + "." + field.getKey(), levels);
            }
        }
    }

    /** The field names of each table, by level; sections without a field table are left out. */
    private static Map<String, Set<String>> documentedFields() throws Exception {
        String doc = Files.readString(DOC);
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        String[] sections = SECTION.split(doc);
        Matcher headings = SECTION.matcher(doc);
        for (int i = 1; headings.find(); i++) {
            String level = LEVELS.get(headings.group(1).strip());
            if (level == null) {
                continue;
            }
            Set<String> names = new LinkedHashSet<>();
            Matcher rows = FIELD_ROW.matcher(sections[i]);
            while (rows.find()) {
                names.add(rows.group(1));
            }
            fields.put(level, names);
        }
        return fields;
    }
}
