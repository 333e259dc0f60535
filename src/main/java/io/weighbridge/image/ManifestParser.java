package io.weighbridge.image;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weighbridge.image.ManifestDocument.ImageIndex;
import io.weighbridge.image.ManifestDocument.ImageManifest;
import io.weighbridge.image.registry.MediaTypes;
import io.weighbridge.image.registry.RawManifest;
import io.weighbridge.image.registry.RegistryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Docker V2.2 manifests and manifest lists and OCI manifests and indexes from their raw
 * bytes. Jackson trees rather than jib's templates: jib's list template drops the platform
 * {@code variant} and annotations, and one reader for both families keeps the checks in one place.
 */
final class ManifestParser {
    static final int MAX_LAYERS = 1000;
    static final int MAX_INDEX_ENTRIES = 1000;
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    private ManifestParser() {}

    /**
     * The document in a manifest's bytes; the media type the registry sent counts when the body
     * does not name its own.
     *
     * @throws RegistryException for schema 1, unknown media types and malformed documents
     */
    static ManifestDocument parse(RawManifest manifest) {
        return parse(manifest.bytes(), manifest.contentType().orElse(""));
    }

    private static ManifestDocument parse(byte[] raw, String contentType) {
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (IOException e) {
            throw new RegistryException("manifest is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new RegistryException("manifest is not a JSON object");
        }
        String bodyType = root.path("mediaType").asText("");
        String mediaType = !bodyType.isEmpty() ? bodyType : contentType;
        if (root.path("schemaVersion").asInt(0) == 1 || mediaType.startsWith(MediaTypes.DOCKER_SCHEMA1_PREFIX)) {
            throw new RegistryException("schema 1 manifest carries no layer sizes; cannot weigh");
        }
        if (MediaTypes.INDEXES.contains(mediaType) || mediaType.isEmpty() && root.has("manifests")) {
            return new ImageIndex(mediaType.isEmpty() ? MediaTypes.OCI_INDEX : mediaType, index(root));
        }
        if (MediaTypes.IMAGE_MANIFESTS.contains(mediaType) || mediaType.isEmpty() && root.has("layers")) {
            Descriptor config = descriptor(root.path("config"), "config");
            JsonNode layers = root.path("layers");
            if (!layers.isArray()) {
                throw new RegistryException("manifest has no layers array");
            }
            if (layers.size() > MAX_LAYERS) {
                throw new RegistryException("manifest lists " + layers.size() + " layers, more than " + MAX_LAYERS);
            }
            List<Descriptor> descriptors = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                descriptors.add(descriptor(layers.get(i), "layers[" + i + "]"));
            }
            return new ImageManifest(mediaType.isEmpty() ? MediaTypes.OCI_MANIFEST : mediaType, config, descriptors);
        }
        throw new RegistryException("unsupported manifest media type " + OneLine.quoted(mediaType, 100));
    }

    private static List<Descriptor> index(JsonNode root) {
        JsonNode manifests = root.path("manifests");
        if (!manifests.isArray()) {
            throw new RegistryException("index has no manifests array");
        }
        if (manifests.size() > MAX_INDEX_ENTRIES) {
            throw new RegistryException(
                    "index lists " + manifests.size() + " manifests, more than " + MAX_INDEX_ENTRIES);
        }
        List<Descriptor> entries = new ArrayList<>();
        for (int i = 0; i < manifests.size(); i++) {
            entries.add(descriptor(manifests.get(i), "manifests[" + i + "]"));
        }
        return entries;
    }

    private static Descriptor descriptor(JsonNode node, String field) {
        if (!node.isObject()) {
            throw new RegistryException("manifest field " + field + " is missing");
        }
        Digest digest;
        try {
            digest = Digest.parse(node.path("digest").asText(""));
        } catch (IllegalArgumentException e) {
            throw new RegistryException("manifest field " + field + ".digest is not a valid digest");
        }
        JsonNode size = node.path("size");
        // A JSON integer only: 62914560.9, 1.0, 1e3, "62914560" and sizes past a long are refused, not rounded.
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw new RegistryException("manifest field " + field + ".size is not a non-negative integer");
        }
        Optional<Platform> platform = Optional.empty();
        JsonNode p = node.path("platform");
        if (p.isObject()
                && !p.path("os").asText("").isEmpty()
                && !p.path("architecture").asText("").isEmpty()) {
            platform = Optional.of(new Platform(
                    p.path("os").asText(),
                    p.path("architecture").asText(),
                    p.path("variant").asText(null)));
        }
        Map<String, String> annotations = new HashMap<>();
        node.path("annotations")
                .fields()
                .forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText("")));
        return new Descriptor(node.path("mediaType").asText(""), digest, size.asLong(), platform, annotations);
    }
}
