package io.weighbridge.workload;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The model-based reading of an object, which the streamed one is held to (DESIGN.md): the whole
 * tree, its pod spec bound whole to fabric8's {@code PodSpec}, as weighbridge read every object
 * before issue 13.
 */
public final class ModelReading {
    private ModelReading() {}

    public static WorkloadRead read(WorkloadReader reader, JsonNode object, GroupKind named) {
        return reader.readTree(object, named);
    }
}
