package io.weighbridge.policy;

import io.quarkus.runtime.StartupEvent;
import io.weighbridge.policy.PolicySources.Snapshot;
import io.weighbridge.workload.WorkloadKinds;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The installed policies: loaded from {@code weighbridge.policy.path} at startup and reloaded
 * when the files' content changes. A change that does not validate, or that leaves no policy at
 * all (an emptied or deleted file, a write caught half done), is rejected and the last good set
 * stays in force; {@code weighbridge.policy.allow-empty=true} lets an empty set install.
 *
 * <p>Changes are found by polling a fingerprint of the content: a mounted ConfigMap changes by
 * swapping a symlink, which file-watch events report unreliably. A polled change is judged once
 * it has stayed the same for one interval, so a file being written in place ({@code cp},
 * {@code >}) is judged when the write is done, not while it is empty.
 */
@ApplicationScoped
public class PolicyRepository {
    private static final Logger LOG = Logger.getLogger(PolicyRepository.class);
    static final String NO_POLICIES = "no ImageSizePolicy in any *.yaml or *.yml file; an empty set would allow every"
            + " image, so it is refused (replace policy files atomically; weighbridge.policy.allow-empty=true runs"
            + " with none on purpose)";

    private final Path path;
    private final Duration reloadInterval;
    private final boolean watch;
    private final Optional<Enforcement> enforcementOverride;
    private final boolean allowEmpty;
    private final WorkloadKinds kinds;

    private volatile PolicySet current;
    private volatile Instant lastLoaded;
    private volatile List<PolicyProblem> lastProblems = List.of();
    private volatile Instant lastFailed;
    /** Of the last content judged, good or bad: the same broken content is not reported again. */
    private String lastFingerprint;
    /** Of a changed content seen by the last poll, not judged until a poll sees it again unchanged. */
    private String pendingFingerprint;

    private final AtomicLong loadSuccesses = new AtomicLong();
    private final AtomicLong loadFailures = new AtomicLong();
    private ScheduledExecutorService poller;

    @Inject
    public PolicyRepository(PolicyConfig config, WorkloadKinds kinds) {
        this(
                config.path(),
                config.reloadInterval(),
                config.watch(),
                config.enforcementOverride(),
                config.allowEmpty(),
                kinds);
    }

    public PolicyRepository(Path path, Duration reloadInterval, boolean watch) {
        this(path, reloadInterval, watch, Optional.empty());
    }

    public PolicyRepository(
            Path path, Duration reloadInterval, boolean watch, Optional<Enforcement> enforcementOverride) {
        this(path, reloadInterval, watch, enforcementOverride, false, WorkloadKinds.builtIn());
    }

    /**
     * @param allowEmpty whether a load that finds no policy is installed (else it is a failed load)
     * @param kinds the kinds policies' {@code match.kinds} may name
     */
    public PolicyRepository(
            Path path,
            Duration reloadInterval,
            boolean watch,
            Optional<Enforcement> enforcementOverride,
            boolean allowEmpty,
            WorkloadKinds kinds) {
        this.path = path;
        this.reloadInterval = reloadInterval;
        this.watch = watch;
        this.enforcementOverride = enforcementOverride;
        this.allowEmpty = allowEmpty;
        this.kinds = kinds;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    /** Loads the policies now and, when watching, starts polling for changes. */
    public synchronized void start() {
        refresh();
        if (watch && poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "weighbridge-policy-reload");
                thread.setDaemon(true);
                return thread;
            });
            long millis = Math.max(1, reloadInterval.toMillis());
            poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    /**
     * Reads the files now and installs them if their content changed and validates.
     *
     * @return whether a new set was installed
     */
    public synchronized boolean refresh() {
        return load(false);
    }

    private void poll() {
        try {
            synchronized (this) {
                load(true);
            }
        } catch (RuntimeException e) {
            LOG.error("Policy reload failed unexpectedly; keeping the policies in force", e);
        }
    }

    /** @param settle judge a changed content only once it was seen unchanged by the previous poll */
    private boolean load(boolean settle) {
        Snapshot snapshot = null;
        List<PolicyProblem> unreadable = List.of();
        String fingerprint;
        try {
            snapshot = PolicySources.read(path);
            fingerprint = snapshot.fingerprint();
        } catch (PolicyValidationException e) {
            unreadable = e.problems();
            fingerprint = "unreadable:" + e.getMessage();
        }
        if (fingerprint.equals(lastFingerprint)) {
            pendingFingerprint = null;
            return false;
        }
        if (settle && !fingerprint.equals(pendingFingerprint)) {
            pendingFingerprint = fingerprint;
            return false;
        }
        pendingFingerprint = null;
        lastFingerprint = fingerprint;
        if (snapshot == null) {
            reject(unreadable);
            return false;
        }
        PolicySet parsed;
        try {
            parsed = PolicyLoader.parse(snapshot.sources(), kinds);
        } catch (PolicyValidationException e) {
            reject(e.problems());
            return false;
        }
        if (parsed.policies().isEmpty() && !allowEmpty) {
            reject(List.of(new PolicyProblem(path.toString(), 0, null, NO_POLICIES)));
            return false;
        }
        install(enforcementOverride.map(parsed::withEnforcement).orElse(parsed));
        return true;
    }

    private void install(PolicySet loaded) {
        current = loaded;
        lastLoaded = Instant.now();
        lastProblems = List.of();
        loadSuccesses.incrementAndGet();
        if (loaded.policies().isEmpty()) {
            LOG.warnf("Loaded no policies from %s (weighbridge.policy.allow-empty=true): every image is allowed", path);
            return;
        }
        LOG.infof(
                "Loaded %d policies from %s: %s%s",
                loaded.policies().size(),
                path,
                names(loaded),
                enforcementOverride
                        .map(e -> " (every one in " + e.id() + " enforcement, by override)")
                        .orElse(""));
    }

    private void reject(List<PolicyProblem> problems) {
        lastProblems = List.copyOf(problems);
        lastFailed = Instant.now();
        loadFailures.incrementAndGet();
        String kept = current == null
                ? "no policies are in force, so the webhook is not ready"
                : "the last good policies stay in force";
        LOG.errorf(
                "Rejected the policies under %s (%s):%n  %s",
                path, kept, problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("\n  ")));
    }

    /** The policies in force; empty until a valid set has loaded (see {@link #loaded()}). */
    public PolicySet current() {
        PolicySet set = current;
        return set == null ? PolicySet.EMPTY : set;
    }

    /** Whether a valid set has loaded since startup. */
    public boolean loaded() {
        return current != null;
    }

    public Path path() {
        return path;
    }

    public Optional<Instant> lastLoaded() {
        return Optional.ofNullable(lastLoaded);
    }

    /** The problems of the last rejected change, or empty when the last attempt succeeded. */
    public List<PolicyProblem> lastProblems() {
        return lastProblems;
    }

    public Optional<Instant> lastFailed() {
        return Optional.ofNullable(lastFailed);
    }

    public long loadSuccesses() {
        return loadSuccesses.get();
    }

    public long loadFailures() {
        return loadFailures.get();
    }

    private static String names(PolicySet set) {
        return set.policies().stream().map(Policy::name).collect(Collectors.joining(", "));
    }
}
