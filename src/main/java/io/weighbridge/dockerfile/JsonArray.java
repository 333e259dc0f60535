package io.weighbridge.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** The exec form: a JSON array of strings, as Docker reads it; anything else is the shell form. */
final class JsonArray {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonArray() {}

    static List<String> parse(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(trimmed);
            if (!node.isArray()) {
                return null;
            }
            List<String> strings = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    return null;
                }
                strings.add(item.asText());
            }
            return List.copyOf(strings);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
