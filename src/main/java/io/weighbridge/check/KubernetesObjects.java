package io.weighbridge.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Kubernetes and OpenShift objects from manifests and request bodies, as the JSON trees the
 * workload reader judges (the very form an apiserver sends in an AdmissionReview).
 */
public final class KubernetesObjects {
    private static final YAMLMapper YAML = new YAMLMapper();

    private KubernetesObjects() {}

    /**
     * The tree, once it is shaped like an object.
     *
     * @throws IllegalArgumentException when it is not a mapping with {@code apiVersion} and {@code kind}
     */
    public static JsonNode checked(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("an object must be a JSON/YAML mapping");
        }
        if (!tree.path("kind").isTextual() || !tree.path("apiVersion").isTextual()) {
            throw new IllegalArgumentException("an object needs apiVersion and kind");
        }
        return tree;
    }

    /**
     * Every object of a manifest, in order: all YAML documents, the items of {@code List} kinds
     * spread out, empty documents skipped.
     *
     * @throws IllegalArgumentException for a document that is not a mapping (plain text, a list)
     *     or names no apiVersion and kind
     */
    public static List<JsonNode> readManifest(Reader yaml) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        int index = 0;
        try (MappingIterator<JsonNode> documents =
                YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                index++;
                if (document == null
                        || document.isNull()
                        || document.isMissingNode()
                        || document.isContainerNode() && document.isEmpty()) {
                    continue;
                }
                if (!document.isObject()) {
                    throw new IllegalArgumentException(
                            "document " + index + " is " + (document.isArray() ? "a list" : "plain text")
                                    + ", not a Kubernetes object (a mapping with apiVersion and kind)");
                }
                addSpreadingLists(document, objects);
            }
        }
        return objects;
    }

    private static void addSpreadingLists(JsonNode tree, List<JsonNode> objects) {
        if (tree.path("kind").asText("").endsWith("List") && tree.path("items").isArray()) {
            for (JsonNode item : tree.get("items")) {
                addSpreadingLists(item, objects);
            }
        } else {
            objects.add(checked(tree));
        }
    }
}
