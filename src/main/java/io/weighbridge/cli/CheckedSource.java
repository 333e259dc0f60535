package io.weighbridge.cli;

import io.weighbridge.check.CheckReport.FindingEntry;
import io.weighbridge.check.CheckReport.ImageEntry;
import io.weighbridge.dockerfile.Dockerfile;
import io.weighbridge.dockerfile.Stage;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The file a check read, to say where each finding is: a Dockerfile (findings at their line, the
 * base's at its {@code FROM}), or a manifest (an image at the line that names it, an inline
 * Dockerfile's finding inside its {@code dockerfile:} block). Bare images have no file.
 *
 * @param file the path as the user gave it
 * @param text its content
 * @param dockerfile the parsed Dockerfile, or {@code null} for a manifest
 */
record CheckedSource(String file, String text, Dockerfile dockerfile) {
    private static final Pattern INLINE_DOCKERFILE = Pattern.compile("^\\s*\"?dockerfile\"?\\s*:\\s*[|>].*$");

    /** The line of a Dockerfile finding in this file. */
    OptionalInt lineOf(FindingEntry dockerfileFinding) {
        if (dockerfileFinding.line() == null) {
            return OptionalInt.empty();
        }
        if (dockerfile != null) {
            return OptionalInt.of(dockerfileFinding.line());
        }
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (INLINE_DOCKERFILE.matcher(lines.get(i)).matches()) {
                return OptionalInt.of(i + 1 + dockerfileFinding.line());
            }
        }
        return OptionalInt.of(1);
    }

    /** The line that names an image: the final {@code FROM} of a Dockerfile, else the first line with the image as a value. */
    OptionalInt lineOf(ImageEntry image) {
        if (dockerfile != null) {
            return dockerfile.baseStage().map(Stage::line).map(OptionalInt::of).orElse(OptionalInt.empty());
        }
        Pattern named = Pattern.compile("(^|[\\s\"':\\[,])" + Pattern.quote(image.image()) + "([\\s\"',\\]]|$)");
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (named.matcher(lines.get(i)).find()) {
                return OptionalInt.of(i + 1);
            }
        }
        return OptionalInt.empty();
    }
}
