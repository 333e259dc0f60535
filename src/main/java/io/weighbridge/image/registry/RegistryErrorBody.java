package io.weighbridge.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weighbridge.image.OneLine;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Reads the registry's own diagnostics ({@code {"errors":[{"code","message"}]}}) from an error
 * body. The code is kept only when it looks like one ({@code MANIFEST_UNKNOWN}); the message is
 * the registry's words, so it is quoted.
 */
final class RegistryErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 120;
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private RegistryErrorBody() {}

    /** {@code HTTP 404 MANIFEST_UNKNOWN: "manifest unknown"}, or {@code HTTP 502} when the body says nothing useful. */
    static String describe(int status, byte[] body) {
        String prefix = "HTTP " + status;
        if (body == null || body.length == 0) {
            return prefix;
        }
        try {
            JsonNode first = JSON.readTree(body).path("errors").path(0);
            String code = first.path("code").asText("");
            String message = first.path("message").asText("");
            return prefix
                    + (CODE.matcher(code).matches() ? " " + code : "")
                    + (message.isBlank() ? "" : ": " + OneLine.quoted(message, MAX_MESSAGE));
        } catch (IOException | RuntimeException e) {
            return prefix;
        }
    }
}
