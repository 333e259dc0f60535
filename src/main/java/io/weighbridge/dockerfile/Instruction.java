package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One Dockerfile instruction, continuation lines joined, comments dropped.
 *
 * @param keyword upper case ({@code RUN})
 * @param args everything after the keyword, flags included, as written (continuations joined)
 * @param line the 1-based line the instruction starts on
 * @param heredocs the here-documents that follow it, in order
 */
public record Instruction(String keyword, String args, int line, List<Heredoc> heredocs) {
    public Instruction {
        keyword = keyword.toUpperCase(Locale.ROOT);
        args = args.strip();
        heredocs = List.copyOf(heredocs);
    }

    public Instruction(String keyword, String args, int line) {
        this(keyword, args, line, List.of());
    }

    public boolean is(String name) {
        return keyword.equals(name);
    }

    /** The leading {@code --name[=value]} flags ({@code --mount=type=cache,target=/root/.cache}). */
    public List<String> flags() {
        return split().flags();
    }

    /** The value of flag {@code --name=value}, or {@code null}. */
    public String flag(String name) {
        for (String flag : flags()) {
            if (flag.equals("--" + name)) {
                return "";
            }
            if (flag.startsWith("--" + name + "=")) {
                return flag.substring(name.length() + 3);
            }
        }
        return null;
    }

    /** The arguments after the flags. */
    public String body() {
        return split().body();
    }

    /** The exec (JSON) form's strings, or {@code null} for the shell form. */
    public List<String> execForm() {
        return JsonArray.parse(body());
    }

    /**
     * The shell script a {@code RUN} runs: the shell form's text, the {@code -c} argument of an
     * exec-form shell, or the words of another exec form; here-document bodies follow it.
     */
    public String script() {
        List<String> exec = execForm();
        String command;
        if (exec == null) {
            command = body();
        } else if (exec.size() >= 3
                && exec.get(0).matches("(/usr)?(/bin/)?(ba|da|a)?sh")
                && exec.get(1).startsWith("-")
                && exec.get(1).contains("c")) {
            command = exec.get(2);
        } else {
            command = String.join(" ", exec);
        }
        StringBuilder script = new StringBuilder(command);
        for (Heredoc heredoc : heredocs) {
            script.append('\n').append(heredoc.body());
        }
        return script.toString();
    }

    private record Split(List<String> flags, String body) {}

    private Split split() {
        List<String> flags = new ArrayList<>();
        String rest = args;
        while (rest.startsWith("--")) {
            int end = 0;
            boolean quoted = false;
            while (end < rest.length() && (quoted || !Character.isWhitespace(rest.charAt(end)))) {
                if (rest.charAt(end) == '"') {
                    quoted = !quoted;
                }
                end++;
            }
            flags.add(rest.substring(0, end));
            rest = rest.substring(end).stripLeading();
        }
        return new Split(List.copyOf(flags), rest);
    }
}
