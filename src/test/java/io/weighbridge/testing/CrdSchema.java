package io.weighbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code openAPIV3Schema} of one version of a CustomResourceDefinition, as a JSON-schema
 * validator (OpenAPI 3.0 schemas are read as draft 4; the {@code x-kubernetes-*} keywords only
 * annotate). Unknown fields are refused, as {@code kubectl apply} refuses them with the server's
 * strict field validation (the API server itself would prune them).
 */
public final class CrdSchema {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<String> ANNOTATIONS = List.of(
            "x-kubernetes-int-or-string",
            "x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-list-type",
            "x-kubernetes-list-map-keys",
            "x-kubernetes-validations",
            "x-kubernetes-embedded-resource",
            "x-kubernetes-map-type",
            "x-kubernetes-patch-merge-key",
            "x-kubernetes-patch-strategy",
            "x-kubernetes-group-version-kind",
            "nullable");
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V4,
            builder -> builder.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV4())
                    .keywords(
                            ANNOTATIONS.stream().map(NonValidationKeyword::new).toList())
                    .build()));

    private final JsonNode crd;
    private final JsonNode openApiSchema;
    private final JsonSchema validator;

    private CrdSchema(JsonNode crd, JsonNode openApiSchema) {
        this.crd = crd;
        this.openApiSchema = openApiSchema;
        this.validator = FACTORY.getSchema(strict(openApiSchema.deepCopy()));
    }

    /** A draft-4 validator that reads Kubernetes' {@code x-kubernetes-*} keywords as annotations. */
    public static JsonSchema validator(JsonNode schema) {
        return FACTORY.getSchema(schema);
    }

    /** The schema of {@code version} of the CRD in {@code file}. */
    public static CrdSchema of(Path file, String version) {
        try {
            JsonNode crd = YAML.readTree(file.toFile());
            for (JsonNode served : crd.path("spec").path("versions")) {
                if (served.path("name").asText().equals(version)) {
                    return new CrdSchema(crd, served.path("schema").path("openAPIV3Schema"));
                }
            }
            throw new IllegalArgumentException(file + " has no version " + version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode crd() {
        return crd;
    }

    /** The schema as written. */
    public JsonNode openApiSchema() {
        return openApiSchema;
    }

    /** The schema at a path of property names ({@code spec}, {@code match}), following array items. */
    public JsonNode at(String... properties) {
        JsonNode node = openApiSchema;
        for (String property : properties) {
            while (node.has("items")) {
                node = node.get("items");
            }
            node = node.path("properties").path(property);
        }
        return node;
    }

    /** What is wrong with {@code object} by the schema, one line each; empty when it is valid. */
    public List<String> problems(JsonNode object) {
        return validator.validate(object).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    /** Every object schema that lists its properties refuses others, unless it preserves unknown fields. */
    private static JsonNode strict(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return schema;
        }
        JsonNode properties = object.get("properties");
        if (properties != null) {
            if (!object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                    && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            // The values of "properties" are schemas; the object itself is a map of names, never a schema.
            properties.forEach(CrdSchema::strict);
        }
        for (String nested : List.of("items", "additionalProperties", "not")) {
            strict(object.path(nested));
        }
        for (String alternatives : List.of("allOf", "anyOf", "oneOf")) {
            object.path(alternatives).forEach(CrdSchema::strict);
        }
        return schema;
    }
}
