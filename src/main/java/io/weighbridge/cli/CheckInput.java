package io.weighbridge.cli;

import io.weighbridge.check.InvalidCheckRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What {@code check -f} reads, whole and once: a file's text, or stdin's for {@code -}. Stdin can
 * be read only once, and telling a Dockerfile from a manifest there needs the content.
 *
 * @param file the name as given ({@code -} for stdin)
 * @param text the content, UTF-8
 */
record CheckInput(String file, String text) {
    static final String STDIN = "-";

    static CheckInput read(String file, InputStream stdin) {
        try {
            String text = STDIN.equals(file)
                    ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            return new CheckInput(file, text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (NoSuchFileException e) {
            throw new InvalidCheckRequestException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidCheckRequestException((STDIN.equals(file) ? "stdin" : file) + ": " + e.getMessage());
        }
    }

    boolean fromStdin() {
        return STDIN.equals(file);
    }

    /** The name for messages and reports: the file as given, or {@code stdin}. */
    String shownAs() {
        return fromStdin() ? "stdin" : file;
    }

    /** The file's own name without its folders, or empty for stdin. */
    String fileName() {
        if (fromStdin()) {
            return "";
        }
        Path name = Path.of(file).getFileName();
        return name == null ? "" : name.toString();
    }
}
