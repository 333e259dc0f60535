package io.weighbridge.check;

/** A check that cannot be run as asked; the message is the one-line reason for the admin. */
public final class InvalidCheckRequestException extends IllegalArgumentException {
    public InvalidCheckRequestException(String reason) {
        super(reason);
    }
}
