package io.weighbridge.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.weighbridge.image.KubernetesApi;
import io.weighbridge.image.OneLine;
import io.weighbridge.policy.ClusterPolicies;
import io.weighbridge.policy.Exemption;
import io.weighbridge.policy.Exemptions;
import io.weighbridge.policy.Policy;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.workload.WorkloadKinds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The policy and exception resources of the cluster, watched by fabric8 informers once their CRDs
 * are found (looked for at start and every {@code weighbridge.resources.detect-interval} while
 * missing, so installing them needs no restart). Clusters without the CRDs keep working with the
 * files alone.
 */
@ApplicationScoped
public class ClusterResources implements ClusterPolicies {
    private static final Logger LOG = Logger.getLogger(ClusterResources.class);
    /** No periodic resync: every change arrives as an event. */
    private static final long NO_RESYNC = 0;

    private static final Comparator<Policy> POLICY_ORDER = Comparator.comparing(Policy::namespaced)
            .thenComparing(policy -> policy.namespace() == null ? "" : policy.namespace())
            .thenComparing(Policy::name);

    private final ResourcesConfig config;
    private final Instance<KubernetesClient> client;
    private final KubernetesApi api;
    private final WorkloadKinds kinds;
    private final Map<ResourceKey, PolicyResource> policies = new ConcurrentHashMap<>();
    private final Map<ResourceKey, ExceptionResource> exceptions = new ConcurrentHashMap<>();
    private final Map<WeighbridgeResources, SharedIndexInformer<GenericKubernetesResource>> informers =
            new EnumMap<>(WeighbridgeResources.class);
    private final List<Consumer<ResourceKey>> listeners = new CopyOnWriteArrayList<>();
    private volatile PolicySet policySet = PolicySet.EMPTY;
    private volatile Exemptions exemptions = Exemptions.NONE;
    private volatile Detection detection = Detection.NOT_YET;
    private ScheduledExecutorService scheduler;

    /** What the last look for the CRDs found. */
    record Detection(boolean answered, String summary) {
        static final Detection NOT_YET = new Detection(false, "not looked for yet");
    }

    @Inject
    ClusterResources(
            ResourcesConfig config, Instance<KubernetesClient> client, KubernetesApi api, WorkloadKinds kinds) {
        this.config = config;
        this.client = client;
        this.api = api;
        this.kinds = kinds;
    }

    void start(@Observes StartupEvent started) {
        if (!config.enabled()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weighbridge-resources");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(
                this::detect, 0, Math.max(1, config.detectInterval().toMillis()), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        synchronized (informers) {
            informers.values().forEach(SharedIndexInformer::stop);
            informers.clear();
        }
    }

    @Override
    public PolicySet policies() {
        return policySet;
    }

    @Override
    public Exemptions exemptions() {
        return exemptions;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Tells {@code listener} the key of every resource that changed, appeared or went away. */
    void onChange(Consumer<ResourceKey> listener) {
        listeners.add(listener);
    }

    List<PolicyResource> policyResources() {
        return List.copyOf(policies.values());
    }

    List<ExceptionResource> exceptionResources() {
        return List.copyOf(exceptions.values());
    }

    Optional<PolicyResource> policy(ResourceKey key) {
        return Optional.ofNullable(policies.get(key));
    }

    Optional<ExceptionResource> exception(ResourceKey key) {
        return Optional.ofNullable(exceptions.get(key));
    }

    /** The kinds watched now. */
    public List<WeighbridgeResources> watched() {
        synchronized (informers) {
            return List.copyOf(informers.keySet());
        }
    }

    /** Whether every kind found has been listed once: until then, policies the cluster holds may be missing. */
    public boolean synced() {
        synchronized (informers) {
            return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
        }
    }

    public Detection detection() {
        return detection;
    }

    /** Looks for the CRDs not watched yet and starts watching those found. */
    void detect() {
        if (api.client().isEmpty()) {
            // A laptop or CI runner: no kubeconfig, not in a pod. Nothing to ask, nothing to warn about.
            detection = new Detection(false, "no Kubernetes API configured: policies come from the files");
            return;
        }
        List<WeighbridgeResources> found = new ArrayList<>();
        List<WeighbridgeResources> missing = new ArrayList<>();
        try {
            KubernetesClient kubernetes = client.get();
            for (WeighbridgeResources kind : WeighbridgeResources.values()) {
                if (watched().contains(kind) || kubernetes.supports(WeighbridgeResources.API_VERSION, kind.kind())) {
                    found.add(kind);
                } else {
                    missing.add(kind);
                }
            }
        } catch (KubernetesClientException | IllegalStateException e) {
            if (!detection.answered() && !detection.summary().startsWith("cannot ask")) {
                LOG.infof(
                        "cannot ask the Kubernetes API for Weighbridge's CRDs (%s); policies come from the files until it answers",
                        oneLine(e));
            }
            detection = new Detection(detection.answered(), "cannot ask the Kubernetes API: " + oneLine(e));
            return;
        }
        for (WeighbridgeResources kind : found) {
            watch(kind);
        }
        Detection now = new Detection(
                true,
                missing.isEmpty()
                        ? "watching " + kinds(found)
                        : (found.isEmpty() ? "" : "watching " + kinds(found) + "; ") + "not installed: "
                                + kinds(missing));
        if (!now.equals(detection)) {
            LOG.infof(
                    "policy resources: %s%s",
                    now.summary(), missing.isEmpty() ? "" : " (kubectl apply -k deploy/crds installs them)");
        }
        detection = now;
    }

    private void watch(WeighbridgeResources kind) {
        synchronized (informers) {
            if (informers.containsKey(kind)) {
                return;
            }
            var resources = client.get().genericKubernetesResources(kind.context());
            SharedIndexInformer<GenericKubernetesResource> informer = kind.namespaced()
                    ? resources.inAnyNamespace().runnableInformer(NO_RESYNC)
                    : resources.runnableInformer(NO_RESYNC);
            informer.addEventHandler(new Handler(kind));
            informer.exceptionHandler((started, failure) -> {
                LOG.warnf(
                        "cannot watch %s resources: %s; retrying. May this service account list and watch %s.%s?",
                        kind.kind(), oneLine(failure), kind.plural(), WeighbridgeResources.GROUP);
                return true;
            });
            informers.put(kind, informer);
            informer.start();
        }
    }

    private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
        private final WeighbridgeResources kind;

        Handler(WeighbridgeResources kind) {
            this.kind = kind;
        }

        @Override
        public void onAdd(GenericKubernetesResource object) {
            seen(kind, object);
        }

        @Override
        public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            seen(kind, after);
        }

        @Override
        public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
            gone(kind, object);
        }
    }

    /** One resource created or changed. */
    void seen(WeighbridgeResources kind, GenericKubernetesResource object) {
        ResourceKey key = ResourceKey.of(kind, object);
        if (kind == WeighbridgeResources.EXCEPTION) {
            ExceptionResource read = ResourceReading.exception(object);
            ExceptionResource before = exceptions.put(key, read);
            if (before == null || before.generation() != read.generation()) {
                logRead(
                        key,
                        read.problems().isEmpty(),
                        read.problems().stream().map(ResourceReading::describe).toList());
            }
            publishExceptions();
        } else {
            PolicyResource before = policies.get(key);
            PolicyResource read = ResourceReading.policy(kind, object, before, kinds);
            policies.put(key, read);
            if (before == null || before.generation() != read.generation()) {
                logRead(
                        key,
                        read.valid(),
                        read.problems().stream().map(ResourceReading::describe).toList());
            }
            publishPolicies();
        }
        listeners.forEach(listener -> listener.accept(key));
    }

    /** One resource deleted: deletion is deliberate, so nothing of it stays in force. */
    void gone(WeighbridgeResources kind, GenericKubernetesResource object) {
        ResourceKey key = ResourceKey.of(kind, object);
        if (kind == WeighbridgeResources.EXCEPTION) {
            exceptions.remove(key);
            publishExceptions();
        } else {
            policies.remove(key);
            publishPolicies();
        }
        LOG.infof("%s deleted", key);
        listeners.forEach(listener -> listener.accept(key));
    }

    private synchronized void publishPolicies() {
        List<Policy> inForce = policies.values().stream()
                .filter(resource -> resource.inForce() != null)
                .map(resource -> resource.inForce().policy())
                .sorted(POLICY_ORDER)
                .toList();
        policySet = new PolicySet(inForce);
    }

    private synchronized void publishExceptions() {
        List<Exemption> all = exceptions.values().stream()
                .filter(resource -> resource.exemption() != null)
                .map(ExceptionResource::exemption)
                .sorted(Comparator.comparing(Exemption::id))
                .toList();
        exemptions = new Exemptions(all);
    }

    private static void logRead(ResourceKey key, boolean valid, List<String> problems) {
        if (valid) {
            LOG.infof("%s read", key);
        } else {
            LOG.warnf("%s is invalid: %s", key, String.join("; ", problems));
        }
    }

    private static String kinds(List<WeighbridgeResources> kinds) {
        return String.join(", ", kinds.stream().map(WeighbridgeResources::kind).toList());
    }

    private static String oneLine(Throwable failure) {
        if (failure instanceof KubernetesClientException api && api.getCode() > 0) {
            return "the API server answered " + api.getCode();
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return OneLine.of(message);
    }
}
