package io.weighbridge.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weighbridge.image.registry.RegistryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of an image config blob the weigher uses: its platform, its history, and the base it
 * names in the label {@value BaseHint#BASE_NAME_LABEL} ({@link BaseHint}).
 */
record ImageConfig(Optional<Platform> platform, List<HistoryEntry> history, Optional<String> baseName) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One {@code history} entry; {@code emptyLayer} entries made no layer ({@code ENV}, {@code CMD}…). */
    record HistoryEntry(String createdBy, boolean emptyLayer) {}

    ImageConfig {
        history = List.copyOf(history);
    }

    static ImageConfig parse(byte[] raw) {
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (IOException e) {
            throw new RegistryException("image config is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new RegistryException("image config is not a JSON object");
        }
        Optional<Platform> platform = Optional.empty();
        String os = root.path("os").asText("");
        String architecture = root.path("architecture").asText("");
        if (!os.isEmpty() && !architecture.isEmpty()) {
            platform = Optional.of(
                    new Platform(os, architecture, root.path("variant").asText(null)));
        }
        List<HistoryEntry> history = new ArrayList<>();
        for (JsonNode entry : root.path("history")) {
            history.add(new HistoryEntry(
                    entry.path("created_by").asText(null),
                    entry.path("empty_layer").asBoolean(false)));
        }
        JsonNode baseName = root.path("config").path("Labels").path(BaseHint.BASE_NAME_LABEL);
        return new ImageConfig(
                platform,
                history,
                baseName.isTextual() && baseName.textValue().length() <= BaseHint.MAX_LABEL_LENGTH
                        ? Optional.of(baseName.textValue())
                        : Optional.empty());
    }
}
