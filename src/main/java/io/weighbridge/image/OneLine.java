package io.weighbridge.image;

/** Makes untrusted or long text fit a one-line message. */
public final class OneLine {
    static final int MAX_MESSAGE = 400;

    private OneLine() {}

    static String of(String text) {
        return cap(text, MAX_MESSAGE);
    }

    public static String cap(String text, int max) {
        String flat = String.valueOf(text).replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return flat.length() > max ? flat.substring(0, max - 1) + "…" : flat;
    }
}
