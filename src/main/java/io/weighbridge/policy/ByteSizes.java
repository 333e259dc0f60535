package io.weighbridge.policy;

import java.util.Locale;

/** Sizes for people: binary units with one decimal ({@code 6.2 GiB}, {@code 512.0 KiB}). */
public final class ByteSizes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSizes() {}

    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = 0;
        double value = bytes;
        while (unit < UNITS.length - 1 && Math.round(value * 10) / 10.0 >= 1024) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
