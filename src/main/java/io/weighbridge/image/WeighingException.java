package io.weighbridge.image;

/**
 * An image that cannot be weighed: registry down, unauthorised, missing, malformed answer,
 * deadline passed. The message is one line that names the image and the reason, and never
 * carries credentials.
 */
public class WeighingException extends RuntimeException {
    public WeighingException(String message) {
        super(message);
    }

    public WeighingException(String message, Throwable cause) {
        super(message, cause);
    }
}
