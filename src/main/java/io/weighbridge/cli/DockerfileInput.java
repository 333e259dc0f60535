package io.weighbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells a Dockerfile from a manifest given to {@code check -f}, the same way for files and stdin:
 * <ol>
 *   <li>a file named {@code Dockerfile}, {@code Containerfile}, {@code *.Dockerfile},
 *       {@code *.Containerfile} or {@code Dockerfile.*} (any case) is a Dockerfile;
 *   <li>otherwise (other names, stdin) the content decides: the first line that is neither blank
 *       nor a comment (parser directives are comments) must be a {@code FROM} or {@code ARG}
 *       instruction with an argument, and no YAML document in the text may be a mapping with
 *       {@code apiVersion} or {@code kind}. A Kubernetes manifest starts with a key, a document
 *       marker or a JSON brace, never with an instruction; the YAML check settles the contrived
 *       rest ({@code ARG x: y} read as a key).
 * </ol>
 * Anything else is read as a manifest, which reports what is wrong with it.
 */
final class DockerfileInput {
    private static final Pattern NAME =
            Pattern.compile("(?i)(dockerfile|containerfile)(\\..*)?|.*\\.(dockerfile|containerfile)");
    private static final Pattern FIRST_INSTRUCTION = Pattern.compile("(?i)^(FROM|ARG)\\s+\\S.*");
    private static final YAMLMapper YAML = new YAMLMapper();

    private DockerfileInput() {}

    static boolean isDockerfile(CheckInput input) {
        return NAME.matcher(input.fileName()).matches() || looksLikeDockerfile(input.text());
    }

    static boolean looksLikeDockerfile(String text) {
        for (String line : text.split("\\R")) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            return FIRST_INSTRUCTION.matcher(stripped).matches()
                    && !stripped.toLowerCase(Locale.ROOT).startsWith("arg:")
                    && !holdsKubernetesObject(text);
        }
        return false;
    }

    /** Whether some YAML document of the text is a mapping with {@code apiVersion} or {@code kind}. */
    private static boolean holdsKubernetesObject(String text) {
        try (MappingIterator<JsonNode> documents =
                YAML.readerFor(JsonNode.class).readValues(text)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (document != null && document.isObject() && (document.has("apiVersion") || document.has("kind"))) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException notYaml) {
            return false;
        }
    }
}
