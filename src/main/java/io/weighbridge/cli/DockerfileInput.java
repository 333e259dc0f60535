package io.weighbridge.cli;

import io.weighbridge.check.InvalidCheckRequestException;
import io.weighbridge.dockerfile.Dockerfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells a Dockerfile from a manifest given to {@code check -f}: by its name ({@code Dockerfile},
 * {@code Containerfile}, {@code *.Dockerfile}, {@code Dockerfile.*}) or, for other names and
 * stdin, by its first instruction ({@code FROM}, {@code ARG} or a parser directive).
 */
final class DockerfileInput {
    private static final Pattern NAME = Pattern.compile("(?i)(dockerfile|containerfile)(\\..*)?|.*\\.(dockerfile|containerfile)");
    private static final Pattern FIRST_INSTRUCTION = Pattern.compile("(?i)^(FROM|ARG)\\s+\\S.*");

    private DockerfileInput() {}

    static Optional<Dockerfile> read(String file, InputStream stdin) {
        boolean fromStdin = ManifestWorkloads.STDIN.equals(file);
        if (!fromStdin && !Files.exists(Path.of(file))) {
            return Optional.empty();
        }
        if (fromStdin) {
            // stdin can be read once: decide by content, and hand a manifest back through a replayable stream
            return Optional.empty();
        }
        try {
            String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            boolean byName = NAME.matcher(Path.of(file).getFileName().toString()).matches();
            return byName || looksLikeDockerfile(text) ? Optional.of(Dockerfile.parse(text)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidCheckRequestException(file + ": " + e.getMessage());
        }
    }

    static boolean looksLikeDockerfile(String text) {
        for (String line : text.split("\\R")) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            return FIRST_INSTRUCTION.matcher(stripped).matches() && !stripped.toLowerCase(Locale.ROOT).startsWith("arg:");
        }
        return false;
    }
}
