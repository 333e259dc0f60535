package io.weighbridge.image;

/**
 * An image string that is not a valid reference. The message is one line:
 * {@code invalid image reference "Nginx:1.27": repository must be lowercase: Nginx}; {@link #reason()}
 * is the part after the reference, {@link #problem()} the part of the reference that is broken.
 */
public final class InvalidImageReferenceException extends IllegalArgumentException {
    private static final int SHOWN_REFERENCE = 200;

    /** Which part of the reference is broken. */
    public enum Problem {
        /** Nothing but white space. */
        EMPTY,
        /** Longer than any reference a registry serves. */
        TOO_LONG,
        /** 64 hex characters: a local image ID, not something a node can pull. */
        IMAGE_ID,
        /** A URL ({@code https://…}) instead of a reference. */
        SCHEME,
        /** The registry host (name, IPv6 literal). */
        HOST,
        /** The registry port. */
        PORT,
        /** The repository path: missing, an empty or malformed component. */
        REPOSITORY,
        /** The repository path has upper-case letters. */
        UPPERCASE,
        /** The repository path is longer than 255 characters. */
        NAME_TOO_LONG,
        /** The tag. */
        TAG,
        /** The digest. */
        DIGEST
    }

    private final Problem problem;
    private final String reason;

    public InvalidImageReferenceException(String reference, Problem problem, String reason) {
        super("invalid image reference \"" + OneLine.cap(String.valueOf(reference), SHOWN_REFERENCE) + "\": " + reason);
        this.problem = problem;
        this.reason = reason;
    }

    public Problem problem() {
        return problem;
    }

    /** Why, in one line, without the reference: {@code repository must be lowercase: Nginx}. */
    public String reason() {
        return reason;
    }
}
