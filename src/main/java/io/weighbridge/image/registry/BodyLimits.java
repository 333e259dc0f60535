package io.weighbridge.image.registry;

import io.vertx.core.http.HttpClientResponse;

/**
 * How much of an answer is read: a success body up to the call's cap (refused by its declared
 * length before a byte is read, else as it arrives), an error body up to 64 KiB and cut there.
 */
final class BodyLimits {
    private static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

    private BodyLimits() {}

    static long cap(RegistryRequest request, boolean success) {
        return success ? request.maxBodyBytes() : MAX_ERROR_BODY_BYTES;
    }

    /** The Content-Length the answer announces, or -1. */
    static long declaredLength(HttpClientResponse response) {
        String value = response.getHeader("Content-Length");
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static RegistryException tooLarge(RegistryRequest request, long declared, long cap) {
        return new RegistryException(request.description() + ": " + request.redactedUri() + " answered "
                + (declared >= 0 ? declared + " bytes" : "more") + ", above the limit of " + cap + " bytes");
    }
}
