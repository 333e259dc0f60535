package io.weighbridge.audit;

/** Whether this replica is the one that audits. */
interface AuditLeadership extends AutoCloseable {

    /** This replica's name, as other replicas see it in the Lease. */
    String identity();

    boolean isLeader();

    /** The current leader's identity, or {@code null} while unknown. */
    String leader();

    /** Starts taking part; {@code onStart} and {@code onStop} run when this replica gains or loses the lead. */
    void start(Runnable onStart, Runnable onStop);

    @Override
    void close();

    /** Every replica audits: leader election is off. */
    static AuditLeadership sole(String identity) {
        return new AuditLeadership() {
            @Override
            public String identity() {
                return identity;
            }

            @Override
            public boolean isLeader() {
                return true;
            }

            @Override
            public String leader() {
                return identity;
            }

            @Override
            public void start(Runnable onStart, Runnable onStop) {
                onStart.run();
            }

            @Override
            public void close() {}
        };
    }
}
