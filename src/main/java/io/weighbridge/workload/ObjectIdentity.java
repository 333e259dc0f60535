package io.weighbridge.workload;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What an object says about itself, read leniently from its JSON so that even an object that
 * cannot be read can be named.
 *
 * @param kind its group and kind, or {@code null} when neither the object nor the request said
 * @param apiVersion its {@code apiVersion}, or {@code null}
 * @param namespace {@code metadata.namespace}, or {@code null} when absent or blank
 * @param name {@code metadata.name}, or {@code null}
 * @param generateName {@code metadata.generateName}, or {@code null}
 * @param beingDeleted whether {@code metadata.deletionTimestamp} is set
 * @param owners the workloads that own it, as far as its metadata says exactly (see {@link Owners})
 */
public record ObjectIdentity(
        GroupKind kind,
        String apiVersion,
        String namespace,
        String name,
        String generateName,
        boolean beingDeleted,
        List<WorkloadName> owners) {

    public ObjectIdentity {
        owners = owners == null ? List.of() : List.copyOf(owners);
    }

    /**
     * @param object the object as JSON (any shape)
     * @param named the group and kind to assume when the object does not name its own (an
     *     AdmissionRequest's {@code kind}), or {@code null}
     */
    static ObjectIdentity of(JsonNode object, GroupKind named) {
        JsonNode metadata = object == null ? null : object.path("metadata");
        String apiVersion = text(object, "apiVersion");
        String kind = text(object, "kind");
        GroupKind groupKind = apiVersion != null && kind != null ? GroupKind.of(apiVersion, kind) : named;
        return new ObjectIdentity(
                groupKind,
                apiVersion,
                text(metadata, "namespace"),
                text(metadata, "name"),
                text(metadata, "generateName"),
                metadata != null && metadata.hasNonNull("deletionTimestamp"),
                metadata == null ? List.of() : Owners.of(metadata));
    }

    /**
     * How exceptions may name it: its own kind and name (its {@code generateName} while unnamed),
     * then its owners.
     */
    public List<WorkloadName> names() {
        List<WorkloadName> names = new ArrayList<>();
        if (kindName() != null && nameOrPrefix() != null) {
            names.add(new WorkloadName(kindName(), nameOrPrefix()));
        }
        names.addAll(owners);
        return List.copyOf(names);
    }

    /** The kind's name, or {@code null} when unknown. */
    public String kindName() {
        return kind == null ? null : kind.kind();
    }

    /** Its name, else the prefix of the name it will get ({@code generateName}), else {@code null}. */
    public String nameOrPrefix() {
        return name != null ? name : generateName;
    }

    /** {@code CronJob shop/nightly-report}, or as much of it as the object says. */
    public String describe() {
        return shownKind() + " " + (namespace == null ? shownName() : namespace + "/" + shownName());
    }

    /** {@code ConfigMap/shop-settings}, as kubectl names an object. */
    public String kindSlashName() {
        return shownKind() + "/" + shownName();
    }

    private String shownKind() {
        return kindName() == null ? "object" : kindName();
    }

    private String shownName() {
        return nameOrPrefix() == null ? "(unnamed)" : nameOrPrefix();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
