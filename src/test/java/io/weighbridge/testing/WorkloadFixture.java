package io.weighbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One file of {@code src/test/resources/workloads/} (see its README): an object or an
 * AdmissionReview as users and apiservers write them, {@code ${image}} and {@code ${registry}} to be
 * filled in.
 *
 * @param file the file's path
 * @param text its content, placeholders still in
 */
public record WorkloadFixture(Path file, String text) {
    public static final Path FOLDER = Path.of("src/test/resources/workloads");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every file of a subfolder ({@code kinds}, {@code custom}, {@code reviews}), sorted by name. */
    public static List<WorkloadFixture> in(String folder) {
        try (Stream<Path> files = Files.list(FOLDER.resolve(folder))) {
            return files.filter(Files::isRegularFile)
                    .sorted()
                    .map(WorkloadFixture::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static WorkloadFixture read(Path file) {
        try {
            return new WorkloadFixture(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's name, which says the kind, group and version. */
    public String name() {
        return file.getFileName().toString();
    }

    /** The content with the image under test and the registry filled in. */
    public String text(String image, String registry) {
        return text.replace("${image}", image).replace("${registry}", registry);
    }

    /** The content as JSON (a YAML manifest or a JSON review), placeholders filled in. */
    public JsonNode tree(String image, String registry) {
        try {
            String filled = text(image, registry);
            return name().endsWith(".json") ? JSON.readTree(filled) : YAML.readTree(filled);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
