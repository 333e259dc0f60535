package io.weighbridge.image;

/**
 * The one rule for text that goes into a one-line message a person reads (a deny message, a
 * warning, a log line): whitespace and line breaks become single spaces; every character a
 * reader could misread, or not see at all, becomes {@code ?} (control characters, direction
 * overrides such as U+202E, zero-width and other invisible formatting characters, private-use,
 * unassigned and lone surrogate code points); and long text is cut with {@code …}. Text someone
 * else wrote (a registry's error message, a header it sent, a history line of an image) is
 * {@link #quoted} besides, so it reads as theirs and never as our advice.
 */
public final class OneLine {
    /** The most characters of a message built here. */
    public static final int MAX_MESSAGE = 400;

    private OneLine() {}

    /** {@code text} made safe for a one-line message and cut at {@value #MAX_MESSAGE} characters. */
    public static String of(String text) {
        return cap(text, MAX_MESSAGE);
    }

    /** {@code text} made safe for a one-line message and cut at {@code max} characters (code points). */
    public static String cap(String text, int max) {
        String safe = safe(String.valueOf(text));
        if (safe.codePointCount(0, safe.length()) <= max) {
            return safe;
        }
        return safe.substring(0, safe.offsetByCodePoints(0, Math.max(0, max - 1))) + "…";
    }

    /**
     * Text another party supplied, quoted: {@code "manifest unknown"}. Inside, double quotes become
     * single ones so the quote cannot be closed early; at most {@code max} characters in all.
     */
    public static String quoted(String text, int max) {
        return "\"" + cap(String.valueOf(text).replace('"', '\''), Math.max(1, max - 2)) + "\"";
    }

    private static String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.appendCodePoint(readable(c) ? c : '?');
        }
        return out.toString();
    }

    /** False for what a reader cannot see or could misread: controls, format characters (bidi, zero-width), and the like. */
    private static boolean readable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.PRIVATE_USE,
                    Character.SURROGATE,
                    Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}
