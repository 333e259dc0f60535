package io.weighbridge.image;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The cluster's API, when there is one to ask for pull secrets. In a pod, or with a kubeconfig
 * (or {@code quarkus.kubernetes-client.api-server-url}), the fabric8 client knows its server; on
 * a laptop without any, fabric8 would still guess {@code https://kubernetes.default.svc}: that
 * guess, outside a cluster, counts as no API, and weighings use the auth file alone, silently.
 *
 * <p>Building the fabric8 client takes seconds on a busy machine (a quarter of the main thread's
 * start before), so it is built on a thread of its own, beside the rest of the start, never on the
 * event loop; the server is read from fabric8's configuration first, and without one no client is
 * built at all. {@link #client()} waits for the build; {@link #built()} does not, and readiness
 * waits for it ({@link KubernetesApiReadinessCheck}), so nothing that needs the cluster is ready
 * before it can ask.
 */
@ApplicationScoped
public class KubernetesApi {
    private static final Logger LOG = Logger.getLogger(KubernetesApi.class);

    private final Supplier<Optional<Config>> config;
    private final Supplier<Optional<KubernetesClient>> clients;
    private final CompletableFuture<Optional<KubernetesClient>> client = new CompletableFuture<>();
    private final AtomicBoolean building = new AtomicBoolean();
    private volatile String failure;

    @Inject
    KubernetesApi(Instance<Config> configs, Instance<KubernetesClient> clients) {
        this(resolved(configs), resolved(clients));
    }

    /**
     * @param config fabric8's configuration, read first
     * @param clients the client built from it, asked for only when the configuration names a server
     */
    KubernetesApi(Supplier<Optional<Config>> config, Supplier<Optional<KubernetesClient>> clients) {
        this.config = config;
        this.clients = clients;
    }

    /** First of the start's observers, so that the build overlaps as much of the rest as it can. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent started) {
        build();
    }

    /** The client, once built (waiting for the build); empty without a Kubernetes API. */
    public Optional<KubernetesClient> client() {
        return built().join();
    }

    /** Completes with {@link #client()} once the build is done; never fails. */
    public CompletableFuture<Optional<KubernetesClient>> built() {
        build();
        return client.copy();
    }

    /** Starts the build once: at start, or at the first question if one comes sooner. */
    private void build() {
        if (!building.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(
                () -> {
                    try {
                        client.complete(configured());
                    } catch (Error e) {
                        failure = "the Kubernetes client could not be built: " + e;
                        LOG.error(failure, e);
                        throw e;
                    } finally {
                        client.complete(Optional.empty()); // an Error: no client rather than a wait forever
                    }
                },
                "weighbridge-kubernetes-client");
        thread.setDaemon(true);
        thread.start();
    }

    private Optional<KubernetesClient> configured() {
        try {
            // The client is built from this configuration: its server is known without building the client.
            String server = config.get().map(Config::getMasterUrl).orElse(null);
            boolean guessed = server == null
                    || server.startsWith(Config.DEFAULT_MASTER_URL)
                            && System.getenv(Config.KUBERNETES_SERVICE_HOST_PROPERTY) == null;
            if (guessed) {
                LOG.debug("no Kubernetes API configured: pull secrets are not read, the auth file alone applies");
                return Optional.empty();
            }
            Optional<KubernetesClient> built = clients.get();
            // A client proxy builds the client at its first call: here, on this thread, not at its first use.
            built.ifPresent(KubernetesClient::getConfiguration);
            return built;
        } catch (RuntimeException e) {
            // A server is configured but no client for it: not the same as no cluster, and not ready (see failure()).
            failure = "the Kubernetes client for the configured API server could not be built ("
                    + e.getClass().getSimpleName() + "): pull secrets are not read";
            LOG.warn(failure);
            return Optional.empty();
        }
    }

    /**
     * Why there is no client although an API server is configured, or {@code null}: readiness stays
     * down with it, so a pod that cannot ask its cluster is not taken for one without a cluster.
     */
    public String failure() {
        return failure;
    }

    private static <T> Supplier<Optional<T>> resolved(Instance<T> beans) {
        return () -> beans.isResolvable() ? Optional.of(beans.get()) : Optional.empty();
    }
}
