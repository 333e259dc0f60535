package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Dockerfile text the way BuildKit's front end does: parser directives at the very top
 * ({@code # syntax=}, {@code # escape=}), comment lines dropped (also between continued lines),
 * lines continued by the escape character, here-documents after {@code RUN}, {@code COPY} and
 * {@code ADD}, and build arguments declared before the first {@code FROM} substituted in
 * {@code FROM} (their defaults, or the values given to the build). Never fails: a line it cannot read as an instruction is kept as one, so lint
 * rules simply find nothing in it.
 */
final class DockerfileParser {
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([A-Za-z][A-Za-z0-9_-]*)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern KEYWORD = Pattern.compile("^(\\S+)(?:\\s+(.*))?$", Pattern.DOTALL);
    private static final Pattern AS_NAME = Pattern.compile("^(\\S+)(?:\\s+[Aa][Ss]\\s+(\\S+))?\\s*$");
    private static final Set<String> WITH_HEREDOCS = Set.of("RUN", "COPY", "ADD");

    private final String[] lines;
    private final BuildArgValues given;
    private final Map<String, String> directives = new LinkedHashMap<>();
    private char escape = '\\';
    private int next;

    private DockerfileParser(String text, BuildArgValues given) {
        this.given = given;
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.lines = body.split("\\r?\\n", -1);
    }

    static Dockerfile parse(String text, BuildArgValues given) {
        return new DockerfileParser(text, given).read();
    }

    private Dockerfile read() {
        readDirectives();
        List<Instruction> instructions = new ArrayList<>();
        while (next < lines.length) {
            String line = lines[next];
            if (isBlankOrComment(line)) {
                next++;
                continue;
            }
            instructions.add(readInstruction());
        }
        return new Dockerfile(directives, instructions, stages(instructions));
    }

    private void readDirectives() {
        while (next < lines.length) {
            Matcher directive = DIRECTIVE.matcher(lines[next].strip());
            if (!directive.matches()) {
                return;
            }
            String key = directive.group(1).toLowerCase(Locale.ROOT);
            if (directives.containsKey(key)) {
                return;
            }
            directives.put(key, directive.group(2));
            if (key.equals("escape") && directive.group(2).length() == 1) {
                escape = directive.group(2).charAt(0);
            }
            next++;
        }
    }

    private Instruction readInstruction() {
        int line = next + 1;
        StringBuilder logical = new StringBuilder();
        while (next < lines.length) {
            String current = lines[next++];
            String stripped = current.stripTrailing();
            if (!stripped.isEmpty() && stripped.charAt(stripped.length() - 1) == escape) {
                logical.append(stripped, 0, stripped.length() - 1);
                while (next < lines.length && isBlankOrComment(lines[next])) {
                    next++;
                }
                continue;
            }
            logical.append(current);
            break;
        }
        Matcher parts = KEYWORD.matcher(logical.toString().strip());
        String keyword = parts.matches() ? parts.group(1) : logical.toString().strip();
        String args = parts.matches() && parts.group(2) != null ? parts.group(2) : "";
        List<Heredoc> heredocs = WITH_HEREDOCS.contains(keyword.toUpperCase(Locale.ROOT))
                ? readHeredocs(HeredocMarkers.find(args))
                : List.of();
        return new Instruction(keyword, args, line, heredocs);
    }

    private List<Heredoc> readHeredocs(List<HeredocMarkers.Marker> markers) {
        List<Heredoc> heredocs = new ArrayList<>();
        for (HeredocMarkers.Marker marker : markers) {
            List<String> body = new ArrayList<>();
            while (next < lines.length) {
                String current = lines[next++];
                String compared = marker.stripTabs() ? current.replaceFirst("^\\t+", "") : current;
                if (compared.equals(marker.delimiter())) {
                    break;
                }
                body.add(compared);
            }
            heredocs.add(new Heredoc(marker.delimiter(), String.join("\n", body)));
        }
        return heredocs;
    }

    private List<Stage> stages(List<Instruction> instructions) {
        BuildArgs globalArgs = new BuildArgs(escape, given);
        List<Stage> stages = new ArrayList<>();
        Instruction from = null;
        List<Instruction> body = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (instruction.is("FROM")) {
                if (from != null) {
                    stages.add(stage(stages.size(), from, body, globalArgs));
                }
                from = instruction;
                body = new ArrayList<>();
            } else if (from == null) {
                if (instruction.is("ARG")) {
                    globalArgs.declare(instruction.body());
                }
            } else {
                body.add(instruction);
            }
        }
        if (from != null) {
            stages.add(stage(stages.size(), from, body, globalArgs));
        }
        return stages;
    }

    private static Stage stage(int index, Instruction from, List<Instruction> body, BuildArgs args) {
        Matcher written = AS_NAME.matcher(from.body());
        String base = written.matches() ? written.group(1) : from.body();
        String name =
                written.matches() && written.group(2) != null ? written.group(2).toLowerCase(Locale.ROOT) : null;
        String platform = from.flag("platform");
        Set<String> unknownArgs = new LinkedHashSet<>();
        String image = args.substitute(base, unknownArgs);
        return new Stage(
                index,
                name,
                image,
                platform == null ? null : args.substitute(platform),
                from.line(),
                body,
                List.copyOf(unknownArgs));
    }

    private static boolean isBlankOrComment(String line) {
        String stripped = line.strip();
        return stripped.isEmpty() || stripped.startsWith("#");
    }
}
