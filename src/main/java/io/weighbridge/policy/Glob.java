package io.weighbridge.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Shell-style globs for namespaces and image references: {@code *} matches any characters but
 * {@code /}, {@code **} matches any characters including {@code /}, {@code ?} matches one
 * character but {@code /}. So {@code quay.io/acme/*} matches {@code quay.io/acme/app:1} but not
 * {@code quay.io/acme/team/app:1}; {@code quay.io/acme/**} matches both.
 *
 * <p>A glob is compiled once, when its policy set is (see {@link CompiledPolicy}). The shapes
 * policies are mostly written in (a name, {@code prefix-*}, {@code prefix/**}) are matched by
 * comparing strings; the others by the regular expression every glob means ({@link #regex},
 * which {@code GlobTest} holds the short forms to).
 */
final class Glob {
    /** The globs named outside a compiled policy (exceptions), compiled once each. */
    private static final Map<String, Glob> COMPILED = new ConcurrentHashMap<>();

    private enum Shape {
        /** No wildcard: the text itself. */
        LITERAL,
        /** {@code prefix*}: the prefix, then anything but {@code /}. */
        SEGMENT_PREFIX,
        /** {@code prefix**}: the prefix, then anything but a line terminator (as the regex's {@code .*}). */
        PREFIX,
        /** Anything else. */
        REGEX
    }

    private final String written;
    private final Shape shape;
    private final String prefix;
    private final Pattern pattern;

    private Glob(String written) {
        this.written = written;
        int wildcard = firstWildcard(written);
        if (wildcard < 0) {
            shape = Shape.LITERAL;
        } else if (wildcard == written.length() - 1 && written.charAt(wildcard) == '*') {
            shape = Shape.SEGMENT_PREFIX;
        } else if (wildcard == written.length() - 2 && written.endsWith("**")) {
            shape = Shape.PREFIX;
        } else {
            shape = Shape.REGEX;
        }
        prefix = wildcard < 0 ? written : written.substring(0, wildcard);
        pattern = shape == Shape.REGEX ? regex(written) : null;
    }

    static Glob of(String glob) {
        return new Glob(glob);
    }

    static boolean matches(String glob, String text) {
        return COMPILED.computeIfAbsent(glob, Glob::of).matches(text);
    }

    String written() {
        return written;
    }

    boolean matches(String text) {
        return switch (shape) {
            case LITERAL -> written.equals(text);
            case SEGMENT_PREFIX -> text.startsWith(prefix) && text.indexOf('/', prefix.length()) < 0;
            case PREFIX -> text.startsWith(prefix) && noLineTerminator(text, prefix.length());
            case REGEX -> pattern.matcher(text).matches();
        };
    }

    /** What a glob means, as a regular expression: the one definition the short forms agree with. */
    static Pattern regex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static int firstWildcard(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code .*} matches the rest of {@code text}: no line terminator in it. */
    private static boolean noLineTerminator(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }
}
