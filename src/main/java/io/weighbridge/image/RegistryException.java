package io.weighbridge.image;

/**
 * A registry interaction failed. The message is the reason only; {@link RegistryImageWeigher}
 * prefixes the image name. {@code lasting} failures (an HTTP error, a refused address, a
 * malformed manifest) are worth remembering for a few seconds; the end of one caller's
 * deadline is not.
 */
class RegistryException extends WeighingException {
    private final boolean lasting;

    RegistryException(String reason, boolean lasting) {
        super(OneLine.of(reason));
        this.lasting = lasting;
    }

    RegistryException(String reason) {
        this(reason, true);
    }

    boolean lasting() {
        return lasting;
    }

    static RegistryException deadlinePassed(String activity) {
        return new RegistryException("deadline passed while " + activity, false);
    }
}
