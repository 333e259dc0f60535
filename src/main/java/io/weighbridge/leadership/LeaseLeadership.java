package io.weighbridge.leadership;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Leadership by fabric8's leader election on a {@code coordination.k8s.io/v1} Lease: the holder
 * does the work, the others wait. When the election itself stops (the API server is gone for
 * longer than the renew deadline), it starts again after {@code restartDelay}.
 */
public final class LeaseLeadership implements Leadership {
    private static final Logger LOG = Logger.getLogger(LeaseLeadership.class);

    /** Timings of client-go's defaults, a little slower: a background leader need not fail over within seconds. */
    public record Timings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod, Duration restartDelay) {
        public static final Timings DEFAULT = new Timings(
                Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofMinutes(1));
    }

    /** How long a stop waits for the Lease to be released. */
    static final Duration RELEASE_PATIENCE = Duration.ofMillis(500);

    private final KubernetesClient client;
    /** Resolved at the first use (the election's start, a message), not at construction: it may ask the client. */
    private final Supplier<String> namespace;

    private volatile String resolvedNamespace;
    private final String leaseName;
    private final String identity;
    private final String work;
    private final Timings timings;
    private final ScheduledExecutorService scheduler;
    private volatile boolean leading;
    private volatile String leader;
    private volatile boolean closed;
    private volatile CompletableFuture<?> election;

    /**
     * @param work what the leader does, for log lines ({@code the audit})
     * @param scheduler where a stopped election is started again
     */
    public LeaseLeadership(
            KubernetesClient client,
            String namespace,
            String leaseName,
            String identity,
            String work,
            Timings timings,
            ScheduledExecutorService scheduler) {
        this(client, () -> namespace, leaseName, identity, work, timings, scheduler);
    }

    /** @param namespace where the Lease lives, asked for once, when the election starts ({@link LeaseSettings#namespace}) */
    public LeaseLeadership(
            KubernetesClient client,
            Supplier<String> namespace,
            String leaseName,
            String identity,
            String work,
            Timings timings,
            ScheduledExecutorService scheduler) {
        this.client = client;
        this.namespace = namespace;
        this.leaseName = leaseName;
        this.identity = identity;
        this.work = work;
        this.timings = timings;
        this.scheduler = scheduler;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public boolean isLeader() {
        return leading;
    }

    @Override
    public String leader() {
        return leader;
    }

    private String namespace() {
        String known = resolvedNamespace;
        if (known == null) {
            known = namespace.get();
            resolvedNamespace = known;
        }
        return known;
    }

    /** Where the Lease lives, for messages. */
    public String lease() {
        return namespace() + "/" + leaseName;
    }

    @Override
    public synchronized void start(Runnable onStart, Runnable onStop) {
        if (closed) {
            return;
        }
        LeaderCallbacks callbacks = new LeaderCallbacks(
                () -> {
                    leading = true;
                    leader = identity;
                    LOG.infof("%s leads %s (Lease %s)", identity, work, lease());
                    onStart.run();
                },
                () -> {
                    if (leading) {
                        leading = false;
                        LOG.infof("%s no longer leads %s (Lease %s)", identity, work, lease());
                        onStop.run();
                    }
                },
                newLeader -> leader = newLeader);
        try {
            election = elect(callbacks);
        } catch (RuntimeException e) {
            // The first election builds the client and finds the Lease's namespace: either may fail, and the
            // caller runs this on a scheduler whose task exceptions nobody reads.
            LOG.warnf(
                    "leader election for %s on Lease %s could not start (%s); trying again in %s",
                    work, leaseName, e.getMessage(), timings.restartDelay());
            scheduler.schedule(
                    () -> start(onStart, onStop), timings.restartDelay().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        election.whenComplete((done, failure) -> {
            if (!closed) {
                LOG.warnf(
                        "leader election for %s on Lease %s stopped%s; trying again in %s",
                        work,
                        lease(),
                        failure == null ? "" : " (" + failure.getMessage() + ")",
                        timings.restartDelay());
                scheduler.schedule(
                        () -> start(onStart, onStop), timings.restartDelay().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private CompletableFuture<?> elect(LeaderCallbacks callbacks) {
        return client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName(leaseName)
                        .withLock(new LeaseLock(namespace(), leaseName, identity))
                        .withLeaseDuration(timings.leaseDuration())
                        .withRenewDeadline(timings.renewDeadline())
                        .withRetryPeriod(timings.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(callbacks)
                        .build())
                .build()
                .start();
    }

    /**
     * Stops taking part, releasing the Lease when leading so another replica takes over at once,
     * but waits for that at most {@link #RELEASE_PATIENCE}: fabric8 releases on the thread that
     * cancels, after any request in flight (it holds the elector's lock), so a slow or unreachable
     * API server would hold a stopping webhook for the length of its timeouts and retries. Past
     * the patience the Lease simply expires after its duration.
     */
    @Override
    public void close() {
        CompletableFuture<?> running;
        synchronized (this) {
            closed = true;
            running = election;
        }
        if (running == null) {
            return;
        }
        Thread releaser = new Thread(() -> running.cancel(true), "weighbridge-lease-release");
        releaser.setDaemon(true);
        releaser.start();
        try {
            releaser.join(RELEASE_PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (releaser.isAlive() && leading) {
            LOG.infof(
                    "%s stops without releasing Lease %s (the API server did not answer within %d ms);"
                            + " it expires in %s",
                    identity, lease(), RELEASE_PATIENCE.toMillis(), timings.leaseDuration());
        }
    }
}
