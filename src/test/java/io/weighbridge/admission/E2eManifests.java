package io.weighbridge.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Manifests under {@code src/test/resources/e2e/manifests/} with their placeholders filled in. */
final class E2eManifests {
    private static final YAMLMapper YAML = new YAMLMapper();

    private E2eManifests() {}

    static ObjectNode json(String file, Map<String, String> values) {
        try (InputStream in = E2eManifests.class.getResourceAsStream("/e2e/manifests/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no manifest " + file);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace("${" + value.getKey() + "}", value.getValue());
            }
            return (ObjectNode) YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
