package io.weighbridge.audit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weighbridge.leadership.Leadership;
import io.weighbridge.leadership.LeaseLeadership;
import io.weighbridge.leadership.LeaseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The webhook's background audit: every {@code weighbridge.audit.interval}, on the audit leader
 * only, weighs what runs against the installed policies and publishes the report and the
 * violations gauge. Never in the CLI (which turns it off before start). Without a reachable
 * cluster the webhook serves admissions as ever: a pass fails with one warning.
 */
@ApplicationScoped
public class BackgroundAudit {
    private static final Logger LOG = Logger.getLogger(BackgroundAudit.class);
    private static final Duration LONGEST_TICK = Duration.ofSeconds(30);

    private final AuditConfig config;
    private final ClusterAudit audit;
    private final AuditMetrics metrics;
    private final Instance<KubernetesClient> client;
    private final PolicyReportWriter reports;
    private ScheduledExecutorService scheduler;
    private Leadership leadership;
    private AuditPasses passes;
    private Instant nextLeaderlessWarning;

    BackgroundAudit(
            AuditConfig config,
            ClusterAudit audit,
            AuditMetrics metrics,
            Instance<KubernetesClient> client,
            PolicyReportWriter reports) {
        this.config = config;
        this.audit = audit;
        this.metrics = metrics;
        this.client = client;
        this.reports = reports;
    }

    void start(@Observes StartupEvent started) {
        if (!config.enabled()) {
            return;
        }
        scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "weighbridge-audit");
            thread.setDaemon(true);
            return thread;
        });
        leadership = leadership();
        passes = new AuditPasses(
                leadership, config.interval(), () -> audit.pass(null, null), this::publish, Clock.systemUTC());
        // The election's first call builds the fabric8 client if it is not built yet: on this work's thread, not the
        // start's.
        Leadership elected = leadership;
        scheduler.execute(() -> elected.start(() -> {}, passes::leadLost));
        long tick = Math.max(1, Math.min(config.interval().toMillis(), LONGEST_TICK.toMillis()));
        scheduler.scheduleWithFixedDelay(this::tick, config.initialDelay().toMillis(), tick, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (leadership != null) {
            leadership.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** The last report of this replica, when it leads and a pass finished. */
    public Optional<AuditReport> report() {
        return passes == null ? Optional.empty() : passes.report();
    }

    /** Why {@link #report()} is empty, in one line. */
    public String whyNoReport() {
        if (passes == null) {
            return "the background audit is off (weighbridge.audit.enabled=false)";
        }
        return passes.whyNoReport();
    }

    private Leadership leadership() {
        AuditConfig.LeaderElection election = config.leaderElection();
        String identity = LeaseSettings.identity(election.identity());
        if (!election.enabled()) {
            return Leadership.sole(identity);
        }
        KubernetesClient kubernetes = client.get();
        return new LeaseLeadership(
                kubernetes,
                () -> LeaseSettings.namespace(election.leaseNamespace(), kubernetes),
                election.leaseName(),
                identity,
                "the audit",
                LeaseLeadership.Timings.DEFAULT,
                scheduler);
    }

    private void tick() {
        try {
            passes.tick();
            warnWhileLeaderless();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("audit tick failed: %s", e.toString());
        }
    }

    /** fabric8 logs lease failures at debug or at every retry; this says it after a minute, then once per interval. */
    private void warnWhileLeaderless() {
        Instant now = Instant.now();
        if (leadership.leader() != null) {
            nextLeaderlessWarning = null;
            return;
        }
        if (nextLeaderlessWarning == null) {
            nextLeaderlessWarning = now.plus(Duration.ofMinutes(1));
        } else if (!now.isBefore(nextLeaderlessWarning)) {
            String lease = leadership instanceof LeaseLeadership l ? l.lease() : "?";
            LOG.warnf(
                    "no audit leader on Lease %s: is the API server reachable, and may this service account "
                            + "get, create and patch leases there? No audit runs until one leads",
                    lease);
            nextLeaderlessWarning = now.plus(config.interval());
        }
    }

    private void publish(Optional<AuditPass> pass) {
        pass.ifPresentOrElse(done -> metrics.record(done.report()), metrics::clear);
        pass.ifPresent(reports::write);
    }
}
