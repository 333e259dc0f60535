package io.weighbridge.cli;

import io.weighbridge.audit.AuditProgress;

/** The progress line of {@code audit}: objects listed, then images judged of their total. */
final class AuditProgressLine implements AuditProgress {
    private final String scope;
    private volatile int listed;
    private volatile int judged;
    private volatile int total = -1;

    /** @param scope {@code all namespaces}, {@code namespace shop} */
    AuditProgressLine(String scope) {
        this.scope = scope;
    }

    @Override
    public void listed(int objects) {
        listed = objects;
    }

    @Override
    public void judged(int images, int of) {
        judged = images;
        total = of;
    }

    /** {@code listing workloads in all namespaces: 250 objects}, then {@code weighing images: 37 of 120 (812 objects)}. */
    String line() {
        if (total < 0) {
            return "listing workloads in " + scope + ": " + listed + " objects";
        }
        return "weighing images: " + judged + " of " + total + " (" + listed + " objects in " + scope + ")";
    }
}
