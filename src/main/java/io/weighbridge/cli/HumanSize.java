package io.weighbridge.cli;

import java.util.Locale;

/** Byte counts in binary units as admins read them ({@code 1.2 GiB}), matching policy quantities ({@code 1Gi}). */
final class HumanSize {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private HumanSize() {}

    static String of(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
