package io.weighbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One folder of {@code src/test/resources/policy-cases/} (see its README), with {@code ${registry}}
 * and {@code ${auth-registry}} substituted.
 *
 * @param name the folder's name, which says the behaviour
 * @param policy the policy YAML text
 * @param objectText the object's YAML text
 * @param object the object
 * @param oldObject the object before an UPDATE, or {@code null} for a CREATE
 * @param expected what the engine must answer
 */
public record PolicyCase(
        String name, String policy, String objectText, JsonNode object, JsonNode oldObject, Expected expected) {
    public static final Path FOLDER = Path.of("src/test/resources/policy-cases");
    private static final YAMLMapper YAML = new YAMLMapper();

    /** The names of every case folder, sorted. */
    public static Stream<String> names() throws IOException {
        try (Stream<Path> folders = Files.list(FOLDER)) {
            return folders.filter(Files::isDirectory).map(f -> f.getFileName().toString()).sorted().toList().stream();
        }
    }

    public static PolicyCase read(String name, String registry, String authRegistry) throws IOException {
        Path folder = FOLDER.resolve(name);
        Path oldObject = folder.resolve("old-object.yaml");
        String objectText = text(folder.resolve("object.yaml"), registry, authRegistry);
        return new PolicyCase(
                name,
                text(folder.resolve("policy.yaml"), registry, authRegistry),
                objectText,
                YAML.readTree(objectText),
                Files.exists(oldObject) ? YAML.readTree(text(oldObject, registry, authRegistry)) : null,
                YAML.readValue(text(folder.resolve("expected.yaml"), registry, authRegistry), Expected.class));
    }

    private static String text(Path file, String registry, String authRegistry) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8)
                    .replace("${auth-registry}", authRegistry)
                    .replace("${registry}", registry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code expected.yaml}. */
    public record Expected(String verdict, List<ExpectedImage> images) {}

    public record ExpectedImage(String image, String verdict, List<ExpectedFinding> findings) {
        public ExpectedImage {
            findings = findings == null ? List.of() : findings;
        }
    }

    /** {@code dryRun} is optional: when absent, the finding must not come from a dry-run policy. */
    public record ExpectedFinding(
            String policy, String rule, String action, boolean dryRun, List<String> messageContains) {
        public ExpectedFinding {
            messageContains = messageContains == null ? List.of() : messageContains;
        }
    }
}
