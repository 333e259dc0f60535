package io.weighbridge.workload;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.openshift.api.model.BuildConfig;
import io.weighbridge.workload.WorkloadRead.Judged;
import io.weighbridge.workload.WorkloadRead.NotJudged;
import io.weighbridge.workload.WorkloadRead.Unreadable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads any object, in any API version, the one way every entry point does: its group and kind
 * pick a row of {@link WorkloadKinds}, the row's path leads through the object's JSON to the pod
 * spec, and what weighbridge judges there (containers' names and images, pull secrets, service
 * account, platform pins: {@link JudgedSubset}) is bound to fabric8's {@link PodSpec}. Built-in and
 * custom kinds are one code path, and fields weighbridge does not judge (replicas, strategy,
 * status, probes, env, volumes…) are skipped unbuilt, so they cannot make an object unreadable. A
 * BuildConfig is bound whole, for its build's bases. Admission reads the object straight from the
 * request's bytes; every other entry point from its tree: the same subset, the same reading.
 *
 * <p>A pod spec that is absent (a template not written yet) has no images; one that is there but
 * not shaped like a pod spec makes the object {@link Unreadable}, saying where and what.
 */
public final class WorkloadReader {
    /** The fields of a pod spec that hold containers, in the order their images are listed. */
    static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");
    /** The pod spec's fields weighbridge judges by, and must find as lists of objects. */
    private static final List<String> JUDGED_LISTS =
            List.of("initContainers", "containers", "ephemeralContainers", "imagePullSecrets");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final WorkloadKinds kinds;
    private final JudgedSubset subset;

    public WorkloadReader(WorkloadKinds kinds) {
        this.kinds = kinds;
        this.subset = new JudgedSubset(kinds, MAPPER);
    }

    public WorkloadKinds kinds() {
        return kinds;
    }

    /** Reads an object that names its own {@code apiVersion} and {@code kind}. */
    public WorkloadRead read(JsonNode object) {
        return read(object, null);
    }

    /** Reads a typed or generic object (a listed one) through its JSON, as every other object is read. */
    public WorkloadRead read(KubernetesResource object) {
        return read(MAPPER.valueToTree(object), null);
    }

    /**
     * @param object the object as JSON; {@code null} when there is none
     * @param named its group and kind when the object does not say (an AdmissionRequest's
     *     {@code kind}), or {@code null}
     */
    public WorkloadRead read(JsonNode object, GroupKind named) {
        if (object == null) {
            return readTree(null, named);
        }
        try (JsonParser tokens = MAPPER.treeAsTokens(object)) {
            tokens.nextToken();
            return read(tokens, named);
        } catch (IOException e) {
            throw new IllegalStateException("reading a tree's own tokens failed", e);
        }
    }

    /**
     * Reads an object from a stream ({@link JudgedSubset}): what is not judged is skipped, not built.
     *
     * @param parser at the object's first token; left at its last
     * @param named as for {@link #read(JsonNode, GroupKind)}
     * @throws IOException when the stream is not JSON
     * @throws RepeatedKindException when the object names its apiVersion or kind twice: read its tree
     */
    public WorkloadRead read(JsonParser parser, GroupKind named) throws IOException {
        return readTree(subset.read(parser, named), named);
    }

    /**
     * Reads an object's tree: its judged subset, or the whole object, which is the model-based
     * reading (the pod spec bound whole to fabric8's {@link PodSpec}) that the subset is held to.
     */
    WorkloadRead readTree(JsonNode object, GroupKind named) {
        ObjectIdentity identity = ObjectIdentity.of(object, named);
        Optional<WorkloadKind> row = identity.kind() == null ? Optional.empty() : kinds.find(identity.kind());
        if (row.isEmpty()) {
            return new NotJudged(identity);
        }
        WorkloadKind kind = row.get();
        if (object == null || !object.isObject()) {
            return new Unreadable(
                    identity, kind, "the object is " + JsonProblems.kindOf(object) + ", not a JSON object");
        }
        JsonNode metadata = object.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            return new Unreadable(identity, kind, "metadata is " + JsonProblems.kindOf(metadata) + ", not an object");
        }
        return kind.judgesBuild() ? readBuild(object, identity, kind) : readPodSpec(object, identity, kind);
    }

    /**
     * An object that names its apiVersion or kind twice, which no apiserver sends: which one counts
     * decides what a stream should have kept, so it is read from its tree, where the last one
     * counts, as everywhere else.
     */
    public static final class RepeatedKindException extends RuntimeException {
        RepeatedKindException() {
            super("an object names its apiVersion or kind twice", null, false, false);
        }
    }

    private static WorkloadRead readBuild(JsonNode object, ObjectIdentity identity, WorkloadKind kind) {
        try {
            return new Judged(identity, kind, null, MAPPER.treeToValue(object, BuildConfig.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new Unreadable(identity, kind, JsonProblems.describeBelow(null, e));
        }
    }

    private static WorkloadRead readPodSpec(JsonNode object, ObjectIdentity identity, WorkloadKind kind) {
        FieldPath path = kind.podSpec();
        JsonNode node = object;
        for (int i = 0; i < path.fields().size(); i++) {
            JsonNode next = node.get(path.fields().get(i));
            if (next == null || next.isNull()) {
                return new Judged(identity, kind, null, null);
            }
            if (!next.isObject()) {
                return new Unreadable(
                        identity, kind, path.first(i + 1) + " is " + JsonProblems.kindOf(next) + ", not an object");
            }
            node = next;
        }
        String misshapen = misshapenLists(node, path);
        if (misshapen != null) {
            return new Unreadable(identity, kind, misshapen);
        }
        try {
            return new Judged(identity, kind, MAPPER.treeToValue(node, PodSpec.class), null);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new Unreadable(identity, kind, JsonProblems.describeBelow(path, e));
        }
    }

    /**
     * Where the containers, their images or the pull secrets are not what a pod spec holds, or
     * {@code null}. Binding would catch most of this with a less readable message, and would turn a
     * numeric image into text.
     */
    private static String misshapenLists(JsonNode podSpec, FieldPath path) {
        for (String field : JUDGED_LISTS) {
            JsonNode list = podSpec.get(field);
            if (list == null || list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                return path.then(field) + " is " + JsonProblems.kindOf(list) + ", not a list";
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                String at = path.then(field) + "[" + i + "]";
                boolean container = CONTAINER_LISTS.contains(field);
                if (!item.isObject()) {
                    return at + " is " + JsonProblems.kindOf(item) + ", not "
                            + (container ? "a container" : "an object");
                }
                JsonNode image = item.get("image");
                if (container && image != null && !image.isNull() && !image.isTextual()) {
                    return at + ".image is " + JsonProblems.kindOf(image) + ", not a string";
                }
            }
        }
        return null;
    }
}
