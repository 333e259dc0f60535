package io.weighbridge.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weighbridge.leadership.Leadership;
import io.weighbridge.leadership.LeaseLeadership;
import io.weighbridge.leadership.LeaseSettings;
import io.weighbridge.policy.Exemption;
import io.weighbridge.policy.PolicyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes the {@code status} of every policy and exception resource ({@code Ready} or {@code Active}
 * with the validation messages, {@code observedGeneration}, the rules and the version in force) on
 * the replica that holds the status Lease only, so replicas never fight over it. A resource is
 * written when it changes, when this replica starts to lead, every
 * {@code weighbridge.resources.status-resync}, and at each exception's expiry.
 */
@ApplicationScoped
public class StatusWriter {
    private static final Logger LOG = Logger.getLogger(StatusWriter.class);

    private final ResourcesConfig config;
    private final ClusterResources resources;
    private final PolicyRepository files;
    private final Instance<KubernetesClient> client;
    private final Clock clock;
    private final AtomicLong writes = new AtomicLong();
    private ScheduledExecutorService scheduler;
    private Leadership leadership;
    private volatile boolean leading;
    private ScheduledFuture<?> resync;
    private ScheduledFuture<?> nextExpiry;

    @Inject
    StatusWriter(
            ResourcesConfig config,
            ClusterResources resources,
            PolicyRepository files,
            Instance<KubernetesClient> client,
            Clock clock) {
        this.config = config;
        this.resources = resources;
        this.files = files;
        this.client = client;
        this.clock = clock;
    }

    void start(@Observes StartupEvent started) {
        if (!config.enabled()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weighbridge-status");
            thread.setDaemon(true);
            return thread;
        });
        resources.onChange(key -> {
            if (leading) {
                scheduler.execute(() -> write(key));
            }
        });
        leadership = leadership();
        // The election's first call builds the fabric8 client if it is not built yet: on this work's thread, not the
        // start's.
        Leadership elected = leadership;
        scheduler.execute(() -> elected.start(this::lead, this::follow));
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (leadership != null) {
            leadership.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Whether this replica writes status now. */
    public boolean leading() {
        return leading;
    }

    /** Status updates sent by this replica since start. */
    public long writes() {
        return writes.get();
    }

    private synchronized void lead() {
        leading = true;
        scheduler.execute(this::writeAll);
        long period = Math.max(1, config.statusResync().toMillis());
        resync = scheduler.scheduleWithFixedDelay(this::writeAll, period, period, TimeUnit.MILLISECONDS);
    }

    private synchronized void follow() {
        leading = false;
        if (resync != null) {
            resync.cancel(false);
        }
        if (nextExpiry != null) {
            nextExpiry.cancel(false);
        }
    }

    private void writeAll() {
        if (!leading) {
            return;
        }
        try {
            resources.policyResources().forEach(resource -> write(resource.key()));
            resources.exceptionResources().forEach(resource -> write(resource.key()));
        } catch (RuntimeException e) {
            LOG.warnf("writing the status of policy resources failed: %s", e.toString());
        }
        scheduleNextExpiry();
    }

    /** At the soonest future expiry, the exceptions' status is written again: Active turns False at that instant. */
    private synchronized void scheduleNextExpiry() {
        Instant now = clock.instant();
        Optional<Instant> soonest = resources.exemptions().all().stream()
                .map(Exemption::expiresAt)
                .filter(now::isBefore)
                .min(Instant::compareTo);
        if (nextExpiry != null) {
            nextExpiry.cancel(false);
        }
        soonest.ifPresent(at -> nextExpiry =
                scheduler.schedule(this::writeAll, Duration.between(now, at).toMillis() + 1, TimeUnit.MILLISECONDS));
    }

    void write(ResourceKey key) {
        if (!leading) {
            return;
        }
        Instant now = clock.instant();
        if (key.kind() == WeighbridgeResources.EXCEPTION) {
            resources
                    .exception(key)
                    .ifPresent(resource -> update(key, resource.object(), ResourceStatus.of(resource, now)));
            scheduleNextExpiry();
        } else {
            Set<String> fileIds = ResourceStatus.ids(files.current().policies());
            resources
                    .policy(key)
                    .ifPresent(resource -> update(key, resource.object(), ResourceStatus.of(resource, fileIds, now)));
        }
    }

    private void update(ResourceKey key, GenericKubernetesResource object, ObjectNode status) {
        JsonNode current = ResourceStatus.current(object);
        if (current.equals(status)) {
            return;
        }
        GenericKubernetesResource updated = new GenericKubernetesResourceBuilder(object).build();
        updated.setAdditionalProperty("status", ResourceReading.JSON.convertValue(status, Map.class));
        try {
            client.get()
                    .genericKubernetesResources(key.kind().context())
                    .resource(updated)
                    .updateStatus();
            writes.incrementAndGet();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                return; // a newer version (or the deletion) is on its way through the informer, and is written then
            }
            LOG.warnf(
                    "cannot write the status of %s: %s. May this service account update %s/status?",
                    key,
                    e.getCode() > 0 ? "the API server answered " + e.getCode() : e.getMessage(),
                    key.kind().plural());
        }
    }

    private Leadership leadership() {
        ResourcesConfig.LeaderElection election = config.leaderElection();
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
                "the status of policy resources",
                LeaseLeadership.Timings.DEFAULT,
                scheduler);
    }
}
