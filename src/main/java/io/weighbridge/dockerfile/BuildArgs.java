package io.weighbridge.dockerfile;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Build-argument substitution as Docker does it in {@code FROM}: {@code $NAME}, {@code ${NAME}},
 * {@code ${NAME:-word}} (word when unset or empty), {@code ${NAME-word}}, {@code ${NAME:+word}}
 * and {@code ${NAME+word}}; the escape character keeps a {@code $} literal. Unknown names are empty.
 * A value given to the build replaces the default of the {@code ARG} that declares it. A name whose
 * value cannot be known before the build is left as written ({@code ${BASE}}), and so is every
 * argument whose default reads one; {@link #substitute(String, Set)} names the given arguments
 * behind them.
 */
final class BuildArgs {
    private final Map<String, String> values = new LinkedHashMap<>();
    /** Arguments whose values are not known before the build, each with the given arguments behind it. */
    private final Map<String, Set<String>> unknown = new LinkedHashMap<>();

    private final char escape;
    private final BuildArgValues given;

    BuildArgs(char escape) {
        this(escape, BuildArgValues.NONE);
    }

    BuildArgs(char escape, BuildArgValues given) {
        this.escape = escape;
        this.given = given;
    }

    /** Declares the arguments of one {@code ARG} instruction ({@code A=1 B="two words" C}). */
    void declare(String args) {
        for (String word : Words.split(args)) {
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            if (given.values().containsKey(name)) {
                values.put(name, given.values().get(name));
                unknown.remove(name);
                continue;
            }
            if (given.unknown().contains(name)) {
                values.put(name, null);
                unknown.put(name, Set.of(name));
                continue;
            }
            if (eq < 0) {
                values.putIfAbsent(name, null);
                continue;
            }
            Set<String> read = new LinkedHashSet<>();
            values.put(name, substitute(Words.unquote(word.substring(eq + 1)), read));
            if (read.isEmpty()) {
                unknown.remove(name);
            } else {
                unknown.put(name, Set.copyOf(read));
            }
        }
    }

    String substitute(String text) {
        return substitute(text, new LinkedHashSet<>());
    }

    /**
     * @param unknownRead receives the given arguments whose values are not known before the build
     *     that the text reads, directly or through another argument's default; their expressions are
     *     kept as written
     */
    String substitute(String text, Set<String> unknownRead) {
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
                out.append(expand(text.substring(i + 2, close), unknownRead));
                i = close + 1;
            } else if (c == '$' && i + 1 < text.length() && isNameChar(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < text.length() && isNameChar(text.charAt(end))) {
                    end++;
                }
                String name = text.substring(i + 1, end);
                out.append(unknown.containsKey(name) ? keep(name, "$" + name, unknownRead) : valueOf(name));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String expand(String expression, Set<String> unknownRead) {
        int end = 0;
        while (end < expression.length() && isNameChar(expression.charAt(end))) {
            end++;
        }
        String name = expression.substring(0, end);
        if (unknown.containsKey(name)) {
            return keep(name, "${" + expression + "}", unknownRead);
        }
        String operator = expression.substring(end);
        String value = values.get(name);
        boolean set = value != null;
        boolean nonEmpty = set && !value.isEmpty();
        if (operator.startsWith(":-")) {
            return nonEmpty ? value : substitute(operator.substring(2), unknownRead);
        }
        if (operator.startsWith("-")) {
            return set ? value : substitute(operator.substring(1), unknownRead);
        }
        if (operator.startsWith(":+")) {
            return nonEmpty ? substitute(operator.substring(2), unknownRead) : "";
        }
        if (operator.startsWith("+")) {
            return set ? substitute(operator.substring(1), unknownRead) : "";
        }
        return valueOf(name);
    }

    private String keep(String name, String written, Set<String> unknownRead) {
        unknownRead.addAll(unknown.get(name));
        return written;
    }

    private String valueOf(String name) {
        String value = values.get(name);
        return value == null ? "" : value;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
