package io.weighbridge.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a shell script into simple commands at {@code && || ; | & ( ) { }} and newlines, outside
 * quotes; comments dropped. Enough of the POSIX shell grammar for lint rules to ask "does this
 * RUN call apk add, and does it also call apk del?", not an interpreter: command substitutions
 * stay inside their word.
 */
public final class ShellScript {
    private static final Set<String> KEYWORDS = Set.of(
            "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "in", "case", "esac", "!", "{",
            "}", "time", "exec", "xargs", "nohup", "command");

    private ShellScript() {}

    public static List<ShellCommand> commands(String script) {
        List<ShellCommand> commands = new ArrayList<>();
        for (List<String> words : simpleCommands(script)) {
            ShellCommand command = command(words);
            if (!command.words().isEmpty()) {
                commands.add(command);
            }
        }
        return commands;
    }

    private static ShellCommand command(List<String> words) {
        List<String> assignments = new ArrayList<>();
        int start = 0;
        while (start < words.size()) {
            String word = words.get(start);
            if (KEYWORDS.contains(word)
                    || word.equals("sudo")
                    || word.equals("env")
                    || word.matches("-[A-Za-z]+")
                            && start > 0
                            && (words.get(start - 1).equals("sudo")
                                    || words.get(start - 1).equals("xargs"))) {
                start++;
            } else if (word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                assignments.add(word);
                start++;
            } else {
                break;
            }
        }
        return new ShellCommand(assignments, words.subList(start, words.size()));
    }

    private static List<List<String>> simpleCommands(String script) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '\\' && i + 1 < script.length()) {
                char escaped = script.charAt(i + 1);
                if (escaped != '\n') {
                    word.append(escaped);
                    inWord = true;
                }
                i += 2;
            } else if (c == '\'') {
                int close = script.indexOf('\'', i + 1);
                close = close < 0 ? script.length() : close;
                word.append(script, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                i = doubleQuoted(script, i + 1, word);
                inWord = true;
            } else if (c == '$' && i + 1 < script.length() && script.charAt(i + 1) == '(') {
                int end = substitutionEnd(script, i + 2);
                word.append(script, i, end);
                inWord = true;
                i = end;
            } else if (c == '#' && !inWord) {
                int end = script.indexOf('\n', i);
                i = end < 0 ? script.length() : end;
            } else if (Character.isWhitespace(c) && c != '\n') {
                inWord = flush(word, words, inWord);
                i++;
            } else if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
                inWord = flush(word, words, inWord);
                if (!words.isEmpty()) {
                    commands.add(words);
                    words = new ArrayList<>();
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        flush(word, words, inWord);
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }

    private static boolean flush(StringBuilder word, List<String> words, boolean inWord) {
        if (inWord) {
            words.add(word.toString());
            word.setLength(0);
        }
        return false;
    }

    private static int doubleQuoted(String script, int from, StringBuilder word) {
        int i = from;
        while (i < script.length() && script.charAt(i) != '"') {
            char c = script.charAt(i);
            if (c == '\\' && i + 1 < script.length()) {
                word.append(script.charAt(i + 1));
                i += 2;
            } else if (c == '$' && i + 1 < script.length() && script.charAt(i + 1) == '(') {
                int end = substitutionEnd(script, i + 2);
                word.append(script, i, end);
                i = end;
            } else {
                word.append(c);
                i++;
            }
        }
        return Math.min(i + 1, script.length());
    }

    /** The index after the {@code )} that closes a {@code $(} whose body starts at {@code from}. */
    private static int substitutionEnd(String script, int from) {
        int depth = 1;
        int i = from;
        while (i < script.length() && depth > 0) {
            char c = script.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '\'') {
                int close = script.indexOf('\'', i + 1);
                i = close < 0 ? script.length() - 1 : close;
            }
            i++;
        }
        return i;
    }
}
