package io.weighbridge.dockerfile;

import java.util.List;
import java.util.Set;

/**
 * One simple command of a shell script: {@code PIP_NO_CACHE_DIR=1 pip install -r req.txt} has the
 * assignment {@code PIP_NO_CACHE_DIR=1} and the words {@code pip install -r req.txt}. Shell
 * keywords and {@code sudo}/{@code env} in front are dropped, quotes removed.
 */
public record ShellCommand(List<String> assignments, List<String> words) {
    private static final Set<String> SUBCOMMAND_OPTIONS_WITH_VALUE =
            Set.of("-o", "-t", "--virtual", "-X", "--repository");

    public ShellCommand {
        assignments = List.copyOf(assignments);
        words = List.copyOf(words);
    }

    /** The program's file name ({@code pip3} for {@code /usr/local/bin/pip3}), or empty. */
    public String program() {
        if (words.isEmpty()) {
            return "";
        }
        String first = words.get(0);
        return first.substring(first.lastIndexOf('/') + 1);
    }

    public boolean runs(String... programs) {
        String program = program();
        for (String candidate : programs) {
            if (program.equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** The first word after the program that is not an option ({@code add} in {@code apk --no-cache add}). */
    public String subcommand() {
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("-")) {
                return word;
            }
            if (SUBCOMMAND_OPTIONS_WITH_VALUE.contains(word)) {
                i++;
            }
        }
        return "";
    }

    /** The words after the subcommand that are not options. */
    public List<String> operands() {
        List<String> operands = new java.util.ArrayList<>();
        boolean afterSubcommand = false;
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("-")) {
                if (SUBCOMMAND_OPTIONS_WITH_VALUE.contains(word)) {
                    i++;
                }
                continue;
            }
            if (afterSubcommand) {
                operands.add(word);
            }
            afterSubcommand = true;
        }
        return operands;
    }

    public boolean has(String word) {
        return words.contains(word);
    }

    /** A word starting with {@code prefix} ({@code --no-cache-dir}, {@code --cache=…}). */
    public boolean hasPrefixed(String prefix) {
        return words.stream().anyMatch(w -> w.startsWith(prefix));
    }

    /** The word after {@code option} ({@code --virtual .build-deps}), or the part after {@code option=}. */
    public String valueOf(String option) {
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals(option) && i + 1 < words.size()) {
                return words.get(i + 1);
            }
            if (words.get(i).startsWith(option + "=")) {
                return words.get(i).substring(option.length() + 1);
            }
        }
        return null;
    }

    public boolean setsVariable(String name) {
        return assignments.stream().anyMatch(a -> a.startsWith(name + "="));
    }

    @Override
    public String toString() {
        return String.join(" ", words);
    }
}
