package io.weighbridge.dockerfile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Build-argument substitution as Docker does it in {@code FROM}: {@code $NAME}, {@code ${NAME}},
 * {@code ${NAME:-word}} (word when unset or empty), {@code ${NAME-word}}, {@code ${NAME:+word}}
 * and {@code ${NAME+word}}; the escape character keeps a {@code $} literal. Unknown names are empty.
 */
final class BuildArgs {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final char escape;

    BuildArgs(char escape) {
        this.escape = escape;
    }

    /** Declares the arguments of one {@code ARG} instruction ({@code A=1 B="two words" C}). */
    void declare(String args) {
        for (String word : Words.split(args)) {
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            String value = eq < 0 ? null : substitute(Words.unquote(word.substring(eq + 1)));
            if (value != null || !values.containsKey(name)) {
                values.put(name, value);
            }
        }
    }

    String substitute(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == escape && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(text.substring(i));
                    break;
                }
                out.append(expand(text.substring(i + 2, close)));
                i = close + 1;
            } else if (c == '$' && i + 1 < text.length() && isNameChar(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < text.length() && isNameChar(text.charAt(end))) {
                    end++;
                }
                out.append(valueOf(text.substring(i + 1, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String expand(String expression) {
        int end = 0;
        while (end < expression.length() && isNameChar(expression.charAt(end))) {
            end++;
        }
        String name = expression.substring(0, end);
        String operator = expression.substring(end);
        String value = values.get(name);
        boolean set = value != null;
        boolean nonEmpty = set && !value.isEmpty();
        if (operator.startsWith(":-")) {
            return nonEmpty ? value : substitute(operator.substring(2));
        }
        if (operator.startsWith("-")) {
            return set ? value : substitute(operator.substring(1));
        }
        if (operator.startsWith(":+")) {
            return nonEmpty ? substitute(operator.substring(2)) : "";
        }
        if (operator.startsWith("+")) {
            return set ? substitute(operator.substring(1)) : "";
        }
        return valueOf(name);
    }

    private String valueOf(String name) {
        String value = values.get(name);
        return value == null ? "" : value;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
