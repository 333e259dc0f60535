package io.weighbridge.image;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The few fields of {@code os-release(5)} that tell a distribution apart. */
record OsRelease(Map<String, String> fields) {

    OsRelease {
        fields = Map.copyOf(fields);
    }

    static OsRelease parse(String content) {
        Map<String, String> fields = new HashMap<>();
        for (String line : content.split("\n")) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || equals <= 0) {
                continue;
            }
            fields.put(trimmed.substring(0, equals), unquote(trimmed.substring(equals + 1)));
        }
        return new OsRelease(fields);
    }

    /** The distribution this os-release describes, or empty when it names none. */
    Optional<BaseImage> base() {
        String pretty = fields.getOrDefault("PRETTY_NAME", "");
        String home = fields.getOrDefault("HOME_URL", "");
        if (pretty.toLowerCase(Locale.ROOT).contains("distroless")
                || home.toLowerCase(Locale.ROOT).contains("distroless")) {
            return Optional.of(new BaseImage("distroless", versionOrNull()));
        }
        String id = fields.getOrDefault("ID", "").toLowerCase(Locale.ROOT);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BaseImage(id, versionOrNull()));
    }

    private String versionOrNull() {
        String version = fields.get("VERSION_ID");
        return version == null || version.isEmpty() ? null : version;
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }
}
