package io.weighbridge.build;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.openshift.api.model.Build;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weighbridge.leadership.Leadership;
import io.weighbridge.leadership.LeaseLeadership;
import io.weighbridge.leadership.LeaseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * With {@code weighbridge.builds.watch-enabled}, watches OpenShift Builds in every namespace (a
 * fabric8 informer) on the replica that holds the builds Lease, and hands the output of each Build
 * that completes to {@link BuildOutputJudge}. Builds that fail, error or are cancelled are left
 * alone. Off, it opens no watch and needs no permission on builds.
 */
@ApplicationScoped
public class BuildWatch {
    private static final Logger LOG = Logger.getLogger(BuildWatch.class);
    /** No periodic resync: every change arrives as an event, and a resync would only repeat them. */
    private static final long NO_RESYNC = 0;

    private final BuildsConfig config;
    private final BuildOutputJudge judge;
    private final BuildOutputMetrics metrics;
    private final Instance<KubernetesClient> client;
    private final Clock clock;
    private ScheduledExecutorService scheduler;
    private Leadership leadership;
    private SharedIndexInformer<Build> informer;
    /** Set at shutdown: a lead gained after it (the election starts on the scheduler) starts no watch. */
    private boolean stopped;

    BuildWatch(
            BuildsConfig config,
            BuildOutputJudge judge,
            BuildOutputMetrics metrics,
            Instance<KubernetesClient> client) {
        this.config = config;
        this.judge = judge;
        this.metrics = metrics;
        this.client = client;
        this.clock = Clock.systemUTC();
    }

    void start(@Observes StartupEvent started) {
        if (!config.watchEnabled()) {
            return;
        }
        metrics.expectOutputs();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weighbridge-build-watch");
            thread.setDaemon(true);
            return thread;
        });
        leadership = leadership();
        // The election's first call builds the fabric8 client if it is not built yet: on this work's thread, not the
        // start's.
        Leadership elected = leadership;
        scheduler.execute(() -> elected.start(this::watch, this::unwatch));
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (leadership != null) {
            leadership.close();
        }
        synchronized (this) {
            stopped = true;
            unwatch();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Whether this replica watches Builds now: it leads, and its informer has listed them and follows their changes. */
    public synchronized boolean watching() {
        return informer != null && informer.isWatching();
    }

    private synchronized void watch() {
        if (informer != null || stopped) {
            return;
        }
        informer = client.get().resources(Build.class).inAnyNamespace().runnableInformer(NO_RESYNC);
        informer.addEventHandler(new Handler());
        // Keep trying after any failure (no permission yet, API server restarting): fabric8 backs off.
        informer.exceptionHandler((started, failure) -> {
            LOG.warnf(
                    "cannot watch OpenShift Builds: %s; retrying. Does the cluster serve build.openshift.io/v1, "
                            + "and may this service account list and watch builds?",
                    describe(failure));
            return true;
        });
        informer.start().whenComplete((done, failure) -> {
            if (failure == null) {
                LOG.info("watching OpenShift Builds in every namespace: the outputs of completed builds are weighed");
            }
        });
    }

    private synchronized void unwatch() {
        if (informer != null) {
            informer.stop();
            informer = null;
        }
    }

    private Leadership leadership() {
        BuildsConfig.LeaderElection election = config.leaderElection();
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
                "the build watch",
                LeaseLeadership.Timings.DEFAULT,
                scheduler);
    }

    private final class Handler implements ResourceEventHandler<Build> {
        @Override
        public void onAdd(Build build) {
            if (Completion.completedWithin(build, config.catchUp(), clock.instant())) {
                weigh(build);
            }
        }

        @Override
        public void onUpdate(Build before, Build after) {
            if (Completion.completedBetween(before, after)) {
                weigh(after);
            }
        }

        @Override
        public void onDelete(Build build, boolean finalStateUnknown) {}
    }

    private void weigh(Build build) {
        String name =
                build.getMetadata().getNamespace() + "/" + build.getMetadata().getName();
        try {
            OutputImage.of(build)
                    .ifPresentOrElse(
                            judge::judge,
                            () -> LOG.debugf(
                                    "build %s completed without an output image digest: nothing to weigh", name));
        } catch (IllegalArgumentException e) {
            LOG.warnf("build %s completed with an output that cannot be weighed: %s", name, e.getMessage());
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof KubernetesClientException api && api.getCode() > 0) {
            return "the API server answered " + api.getCode();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
