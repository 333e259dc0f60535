package io.weighbridge.audit;

/** What an audit has done so far, for a person watching it: objects listed, images weighed. */
public interface AuditProgress {
    AuditProgress NONE = new AuditProgress() {};

    /** {@code objects} listed so far (called after every page). */
    default void listed(int objects) {}

    /** {@code images} of {@code total} distinct images judged so far. */
    default void judged(int images, int total) {}
}
