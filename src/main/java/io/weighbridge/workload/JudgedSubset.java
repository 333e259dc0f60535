package io.weighbridge.workload;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Reads an object from a JSON stream and keeps only what {@link WorkloadReader} judges it by: its
 * {@code apiVersion} and {@code kind}; the metadata that names it and its owners; and, at the pod
 * spec path of its kind's row, the containers' names and images, the pull secrets, the service
 * account and what pins the platform. Everything else is skipped token by token, never built:
 * managed fields, probes, env, volumes, status. A BuildConfig, judged by its whole build, is kept
 * whole.
 *
 * <p>What is kept is read as the whole object would be (the same tree, the same binding, the same
 * messages), so the subset and the object agree on kind, identity, images, pull secrets, platform
 * and every problem in those fields. A field that is not kept cannot make the object unreadable.
 *
 * <p>The pod spec's path depends on the object's kind. An object that names its kind only after
 * other fields (an apiserver always names it first) keeps those fields whole until it does, and
 * they are pruned once its kind is known.
 */
final class JudgedSubset {
    /** What {@link ObjectIdentity} and {@link Owners} read of the metadata. */
    private static final Set<String> METADATA =
            Set.of("namespace", "name", "generateName", "deletionTimestamp", "ownerReferences");

    private static final Set<String> LABELS = Set.of(Owners.POD_TEMPLATE_HASH);
    private static final Set<String> ANNOTATIONS = Set.of(Owners.DEPLOYMENT_CONFIG);
    /** Fields of a pod spec kept whole: the pull secrets, the service account, the platform pins ({@link PlatformPins}). */
    private static final Set<String> POD_SPEC =
            Set.of("imagePullSecrets", "serviceAccountName", "serviceAccount", "nodeSelector", "affinity");
    /** What a container is judged by. */
    private static final Set<String> CONTAINER = Set.of("name", "image");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final WorkloadKinds kinds;
    private final ObjectMapper mapper;

    JudgedSubset(WorkloadKinds kinds, ObjectMapper mapper) {
        this.kinds = kinds;
        this.mapper = mapper;
    }

    /**
     * @param parser at the value's first token; left at its last
     * @param named the group and kind to assume when the object does not name its own, or {@code null}
     * @return the object's judged subset; any value that is not an object, whole
     * @throws WorkloadReader.RepeatedKindException when the object names its apiVersion or kind twice
     */
    JsonNode read(JsonParser parser, GroupKind named) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return whole(parser);
        }
        ObjectNode object = NODES.objectNode();
        // Until the object has named its apiVersion and kind, every other field is kept whole.
        boolean kindKnown = false;
        boolean keptWhole = false;
        WorkloadKind row = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("apiVersion") || field.equals("kind")) {
                if (object.has(field)) {
                    throw new WorkloadReader.RepeatedKindException();
                }
                object.set(field, whole(parser));
                kindKnown = object.has("apiVersion") && object.has("kind");
                row = kindKnown ? rowOf(object, named) : null;
            } else if (!kindKnown) {
                object.set(field, whole(parser));
                keptWhole = true;
            } else if (row != null && row.judgesBuild()) {
                object.set(field, whole(parser));
            } else if (field.equals("metadata")) {
                object.set(field, metadata(parser));
            } else if (row != null && field.equals(row.podSpec().fields().get(0))) {
                object.set(field, along(parser, row.podSpec().fields(), 1));
            } else {
                parser.skipChildren();
            }
        }
        return keptWhole ? pruned(object, rowOf(object, named)) : object;
    }

    /**
     * The row of the object's own group and kind when it names both as {@link ObjectIdentity}
     * reads them, else of {@code named}; {@code null} for a kind that is not judged.
     */
    private WorkloadKind rowOf(ObjectNode object, GroupKind named) {
        String apiVersion = text(object.get("apiVersion"));
        String kind = text(object.get("kind"));
        GroupKind groupKind = apiVersion != null && kind != null ? GroupKind.of(apiVersion, kind) : named;
        return groupKind == null ? null : kinds.find(groupKind).orElse(null);
    }

    private static String text(JsonNode value) {
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    /** The object's subset once its kind is known: what it kept whole, pruned like the rest. */
    private JsonNode pruned(ObjectNode object, WorkloadKind row) throws IOException {
        if (row != null && row.judgesBuild()) {
            return object;
        }
        String podSpecStart = row == null ? "metadata" : row.podSpec().fields().get(0);
        object.retain("apiVersion", "kind", "metadata", podSpecStart);
        if (object.has("metadata")) {
            object.set("metadata", metadata(tokens(object.get("metadata"))));
        }
        if (row != null && object.has(podSpecStart)) {
            object.set(
                    podSpecStart,
                    along(tokens(object.get(podSpecStart)), row.podSpec().fields(), 1));
        }
        return object;
    }

    /** A tree's tokens, at its first. */
    private JsonParser tokens(JsonNode tree) throws IOException {
        JsonParser tokens = mapper.treeAsTokens(tree);
        tokens.nextToken();
        return tokens;
    }

    private JsonNode metadata(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return whole(parser);
        }
        ObjectNode metadata = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "labels" -> metadata.set(field, only(parser, LABELS));
                case "annotations" -> metadata.set(field, only(parser, ANNOTATIONS));
                default -> {
                    if (METADATA.contains(field)) {
                        metadata.set(field, whole(parser));
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }
        return metadata;
    }

    /** Down the pod spec's path from {@code path[depth]}, skipping every other field on the way. */
    private JsonNode along(JsonParser parser, List<String> path, int depth) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return whole(parser);
        }
        if (depth == path.size()) {
            return podSpec(parser);
        }
        ObjectNode node = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals(path.get(depth))) {
                node.set(field, along(parser, path, depth + 1));
            } else {
                parser.skipChildren();
            }
        }
        return node;
    }

    private JsonNode podSpec(JsonParser parser) throws IOException {
        ObjectNode spec = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (WorkloadReader.CONTAINER_LISTS.contains(field)) {
                spec.set(field, containers(parser));
            } else if (POD_SPEC.contains(field)) {
                spec.set(field, whole(parser));
            } else {
                parser.skipChildren();
            }
        }
        return spec;
    }

    private JsonNode containers(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            return whole(parser);
        }
        ArrayNode containers = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            containers.add(only(parser, CONTAINER));
        }
        return containers;
    }

    /** An object with only these fields; any other value whole. */
    private JsonNode only(JsonParser parser, Set<String> fields) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return whole(parser);
        }
        ObjectNode kept = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (fields.contains(field)) {
                kept.set(field, whole(parser));
            } else {
                parser.skipChildren();
            }
        }
        return kept;
    }

    private JsonNode whole(JsonParser parser) throws IOException {
        return JsonValues.whole(mapper, parser);
    }
}
