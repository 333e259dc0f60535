package io.weighbridge.policy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Dockerfile instruction that made a layer, as the image config's history tells it, made
 * readable: {@code /bin/sh -c apt-get …} becomes {@code RUN apt-get …}, {@code /bin/sh -c #(nop)
 * COPY …} becomes {@code COPY …}, BuildKit's {@code # buildkit} suffix and {@code |2 ARG=…}
 * prefix go away, and whitespace collapses to one line.
 */
record BuildStep(String instruction) {
    private static final Pattern ARG_PREFIX = Pattern.compile("^\\|\\d+(\\s+\\S+=\\S*)*\\s+");
    private static final Pattern SHELL = Pattern.compile("^(RUN\\s+)?/bin/(ba)?sh -c\\s+");
    private static final Pattern NOP = Pattern.compile("^#\\(nop\\)\\s*");

    static BuildStep fromHistory(String createdBy) {
        String text = createdBy.replaceAll("\\s+", " ").trim();
        text = ARG_PREFIX.matcher(text).replaceFirst("");
        if (text.endsWith("# buildkit")) {
            text = text.substring(0, text.length() - "# buildkit".length()).trim();
        }
        var shell = SHELL.matcher(text);
        if (shell.find()) {
            String command = text.substring(shell.end());
            var nop = NOP.matcher(command);
            text = nop.find() ? command.substring(nop.end()) : "RUN " + command;
        }
        return new BuildStep(text);
    }

    /** At most {@code max} characters, ending in {@code ...} when cut. */
    String shortened(int max) {
        return instruction.length() <= max
                ? instruction
                : instruction.substring(0, Math.max(0, max - 3)).trim() + "...";
    }

    boolean copiesContent() {
        String upper = instruction.toUpperCase(Locale.ROOT);
        return upper.startsWith("COPY ") || upper.startsWith("ADD ");
    }

    boolean runs(String... commands) {
        String lower = instruction.toLowerCase(Locale.ROOT);
        for (String command : commands) {
            if (lower.contains(command)) {
                return true;
            }
        }
        return false;
    }
}
