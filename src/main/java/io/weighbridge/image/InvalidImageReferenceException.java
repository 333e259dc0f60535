package io.weighbridge.image;

/** An image string that is not a valid reference; the message says why, in one line. */
public final class InvalidImageReferenceException extends IllegalArgumentException {
    public InvalidImageReferenceException(String reference, String reason) {
        super("invalid image reference \"" + reference + "\": " + reason);
    }
}
