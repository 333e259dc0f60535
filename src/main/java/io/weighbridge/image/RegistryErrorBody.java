package io.weighbridge.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reads the registry's own diagnostics ({@code {"errors":[{"code","message"}]}}) from an error body. */
final class RegistryErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 160;

    private RegistryErrorBody() {}

    /** {@code HTTP 404 MANIFEST_UNKNOWN: manifest unknown}, or {@code HTTP 502} when the body says nothing useful. */
    static String describe(int status, byte[] body) {
        String prefix = "HTTP " + status;
        if (body == null || body.length == 0) {
            return prefix;
        }
        try {
            JsonNode first = JSON.readTree(body).path("errors").path(0);
            String code = first.path("code").asText("");
            String message = first.path("message").asText("");
            if (code.isEmpty() && message.isEmpty()) {
                return prefix;
            }
            return OneLine.cap(prefix + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message),
                    MAX_DETAIL);
        } catch (IOException | RuntimeException e) {
            return prefix;
        }
    }
}
