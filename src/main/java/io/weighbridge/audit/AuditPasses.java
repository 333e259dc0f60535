package io.weighbridge.audit;

import io.weighbridge.leadership.Leadership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * When a background pass runs, and what is kept of it: a pass is due on the leader when none
 * ran yet or the last one started an interval ago. A failed pass logs one warning and keeps the
 * previous report; losing the lead forgets the report, so only the leader ever answers one.
 */
final class AuditPasses {
    private static final Logger LOG = Logger.getLogger(AuditPasses.class);

    /** One pass over the cluster; blocking. */
    @FunctionalInterface
    interface Pass {
        AuditPass run() throws Exception;
    }

    private final Leadership leadership;
    private final Duration interval;
    private final Pass pass;
    private final Consumer<Optional<AuditPass>> published;
    private final Clock clock;
    private volatile AuditReport report;
    private volatile String lastFailure;
    private Instant lastStart;

    AuditPasses(
            Leadership leadership, Duration interval, Pass pass, Consumer<Optional<AuditPass>> published, Clock clock) {
        this.leadership = leadership;
        this.interval = interval;
        this.pass = pass;
        this.published = published;
        this.clock = clock;
    }

    /** Runs a pass if this replica leads and one is due; answers whether it ran one. */
    synchronized boolean tick() throws InterruptedException {
        if (!leadership.isLeader()) {
            return false;
        }
        Instant now = clock.instant();
        if (lastStart != null && Duration.between(lastStart, now).compareTo(interval) < 0) {
            return false;
        }
        lastStart = now;
        try {
            AuditPass done = pass.run().auditedBy(leadership.identity());
            if (!leadership.isLeader()) {
                return true; // lost the lead while auditing: someone else answers now
            }
            report = done.report();
            lastFailure = null;
            published.accept(Optional.of(done));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            lastFailure = e.getMessage() != null ? e.getMessage() : e.toString();
            LOG.warnf("audit pass failed, next in %s: %s", interval, lastFailure.replaceAll("\\s*\\R\\s*", " "));
        }
        return true;
    }

    /** Forgets the report when this replica stops leading. */
    synchronized void leadLost() {
        report = null;
        lastStart = null;
        published.accept(Optional.empty());
    }

    Optional<AuditReport> report() {
        return Optional.ofNullable(report);
    }

    /** Why there is no report, in one line. */
    String whyNoReport() {
        if (!leadership.isLeader()) {
            String leader = leadership.leader();
            return "this replica (" + leadership.identity() + ") is not the audit leader; "
                    + (leader == null ? "no leader is known yet" : "the leader is " + leader);
        }
        if (lastFailure != null) {
            return "the audit pass failed: " + lastFailure.replaceAll("\\s*\\R\\s*", " ");
        }
        return "the first audit pass has not finished yet";
    }
}
