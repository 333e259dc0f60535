package io.weighbridge.leadership;

/**
 * Whether this replica is the one that does a piece of background work (the audit, the build
 * watch) that several replicas must not all do.
 */
public interface Leadership extends AutoCloseable {

    /** This replica's name, as other replicas see it in the Lease. */
    String identity();

    boolean isLeader();

    /** The current leader's identity, or {@code null} while unknown. */
    String leader();

    /** Starts taking part; {@code onStart} and {@code onStop} run when this replica gains or loses the lead. */
    void start(Runnable onStart, Runnable onStop);

    @Override
    void close();

    /** Every replica leads: leader election is off. */
    static Leadership sole(String identity) {
        return new Leadership() {
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
