package io.weighbridge.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** Reads Kubernetes and OpenShift objects, typed by fabric8's model, from JSON trees and manifests. */
public final class KubernetesObjects {
    // Building it scans the model classes once; it is thread-safe afterwards.
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = new YAMLMapper();

    private KubernetesObjects() {}

    /** Loads the model registry now, so the first object checked does not stall the event loop. */
    public static void warmUp() {
        SERIALIZATION.getRegisteredKubernetesResource("v1", "Pod");
    }

    /** The typed object of a tree; unknown kinds become a {@link GenericKubernetesResource}. */
    public static KubernetesResource fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("an object must be a JSON/YAML mapping");
        }
        if (!tree.hasNonNull("kind") || !tree.hasNonNull("apiVersion")) {
            throw new IllegalArgumentException("an object needs apiVersion and kind");
        }
        try {
            return SERIALIZATION.convertValue(tree, KubernetesResource.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "not a valid " + tree.get("kind").asText() + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Every object of a manifest, in order: all YAML documents, the items of {@code List} kinds
     * spread out, empty documents skipped.
     *
     * @throws IllegalArgumentException for a document that is not a mapping (plain text, a list)
     *     or not a valid object
     */
    public static List<KubernetesResource> readManifest(Reader yaml) throws IOException {
        List<KubernetesResource> objects = new ArrayList<>();
        int index = 0;
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                index++;
                if (document == null || document.isNull() || document.isMissingNode()
                        || document.isContainerNode() && document.isEmpty()) {
                    continue;
                }
                if (!document.isObject()) {
                    throw new IllegalArgumentException("document " + index + " is " + (document.isArray() ? "a list" : "plain text")
                            + ", not a Kubernetes object (a mapping with apiVersion and kind)");
                }
                addSpreadingLists(document, objects);
            }
        }
        return objects;
    }

    private static void addSpreadingLists(JsonNode tree, List<KubernetesResource> objects) {
        if (tree.path("kind").asText("").endsWith("List") && tree.path("items").isArray()) {
            for (JsonNode item : tree.get("items")) {
                addSpreadingLists(item, objects);
            }
        } else {
            objects.add(fromTree(tree));
        }
    }

    public static String kindOf(KubernetesResource object) {
        if (object instanceof HasMetadata typed && typed.getKind() != null) {
            return typed.getKind();
        }
        return object.getClass().getSimpleName();
    }

    /** {@code Kind/name} for messages about objects that are not workloads. */
    public static String describe(KubernetesResource object) {
        String name = object instanceof HasMetadata typed && typed.getMetadata() != null
                ? typed.getMetadata().getName()
                : null;
        return kindOf(object) + "/" + (name == null ? "(unnamed)" : name);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
