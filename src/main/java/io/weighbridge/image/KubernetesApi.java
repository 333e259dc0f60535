package io.weighbridge.image;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The cluster's API, when there is one to ask for pull secrets. In a pod, or with a kubeconfig
 * (or {@code quarkus.kubernetes-client.api-server-url}), the fabric8 client knows its server; on
 * a laptop without any, fabric8 would still guess {@code https://kubernetes.default.svc}: that
 * guess, outside a cluster, counts as no API, and weighings use the auth file alone, silently.
 */
@ApplicationScoped
@Startup // Building the fabric8 client takes seconds on a busy machine: never on the event loop, at the first
// admission.
public class KubernetesApi {
    private static final Logger LOG = Logger.getLogger(KubernetesApi.class);

    private final Optional<KubernetesClient> client;

    @Inject
    KubernetesApi(Instance<KubernetesClient> clients) {
        this.client = configured(clients);
    }

    public Optional<KubernetesClient> client() {
        return client;
    }

    private static Optional<KubernetesClient> configured(Instance<KubernetesClient> clients) {
        try {
            if (!clients.isResolvable()) {
                return Optional.empty();
            }
            KubernetesClient client = clients.get();
            String server = client.getConfiguration().getMasterUrl();
            boolean guessed = server == null
                    || server.startsWith(Config.DEFAULT_MASTER_URL)
                            && System.getenv(Config.KUBERNETES_SERVICE_HOST_PROPERTY) == null;
            if (guessed) {
                LOG.debug("no Kubernetes API configured: pull secrets are not read, the auth file alone applies");
                return Optional.empty();
            }
            return Optional.of(client);
        } catch (RuntimeException e) {
            LOG.debugf(
                    "no usable Kubernetes client (%s): pull secrets are not read",
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
