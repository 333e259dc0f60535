package io.weighbridge.policy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * One YAML mapping of a policy, read against the fields it may have: unknown and duplicate keys
 * are reported on the way in, so callers only ask for the fields they know.
 */
final class YamlMapping {
    private final Node node;
    private final String path;
    private final Map<String, NodeTuple> fields;
    private final boolean hasUnknownFields;

    private YamlMapping(Node node, String path, Map<String, NodeTuple> fields, boolean hasUnknownFields) {
        this.node = node;
        this.path = path;
        this.fields = fields;
        this.hasUnknownFields = hasUnknownFields;
    }

    /**
     * Reads {@code node} as a mapping with the {@code known} fields, or reports that it is not a
     * mapping and returns {@code null}. {@code misplaced} maps a field that belongs elsewhere to a
     * hint ({@code "belongs under spec"}).
     */
    static YamlMapping read(
            Node node, String path, Collection<String> known, Map<String, String> misplaced, Problems problems) {
        if (!(node instanceof MappingNode mapping)) {
            String message = path.isEmpty()
                    ? "a document must be a mapping with apiVersion, kind, metadata and spec"
                    : "must be a mapping of fields";
            problems.add(node, path.isEmpty() ? null : path, message);
            return null;
        }
        Map<String, NodeTuple> fields = new LinkedHashMap<>();
        boolean unknown = false;
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problems.add(tuple.getKeyNode(), path.isEmpty() ? null : path, "field names must be plain strings");
                continue;
            }
            String key = keyNode.getValue();
            String field = child(path, key);
            if (fields.containsKey(key)) {
                problems.add(
                        keyNode,
                        field,
                        "duplicate field (first at line "
                                + Problems.lineOf(fields.get(key).getKeyNode()) + ")");
            } else if (!known.contains(key)) {
                String hint =
                        misplaced.containsKey(key) ? "; " + misplaced.get(key) : Suggestions.didYouMean(key, known);
                problems.add(keyNode, field, "unknown field" + hint);
                unknown = true;
            } else {
                fields.put(key, tuple);
            }
        }
        return new YamlMapping(node, path, fields, unknown);
    }

    static YamlMapping read(Node node, String path, Collection<String> known, Problems problems) {
        return read(node, path, known, Map.of(), problems);
    }

    Node node() {
        return node;
    }

    /** The value of {@code key}, or {@code null} when absent. */
    Node value(String key) {
        NodeTuple tuple = fields.get(key);
        return tuple == null ? null : tuple.getValueNode();
    }

    /** Whether a field was misspelt or misplaced: then a missing field is probably that one. */
    boolean hasUnknownFields() {
        return hasUnknownFields;
    }

    boolean has(String key) {
        return fields.containsKey(key);
    }

    String path(String key) {
        return child(path, key);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
