package io.weighbridge.image;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Reads pull secrets and service accounts by name from one namespace, through the fabric8
 * client, never by listing. Reads run on the given executor (the client blocks) and are cached
 * for {@link #TTL} per namespace and name, so a rotated secret is seen soon. A missing object is
 * not an error, as for the kubelet: it is logged at debug and reads as no credentials; any other
 * failure (no RBAC, API server down) is logged by status only and reads the same way. The
 * caches keep their own maintenance off that executor, as the other caches do: it neither takes
 * a read's place in its bounded queue nor is refused once the executor has shut down.
 */
final class PullSecretStore {
    static final Duration TTL = Duration.ofSeconds(30);
    /** Heap the cached secrets may hold (a secret may carry many registries); service accounts get a quarter of it. */
    static final long CACHE_BYTES = 4L * 1024 * 1024;

    static final String DOCKER_CONFIG_JSON_TYPE = "kubernetes.io/dockerconfigjson";
    static final String DOCKER_CONFIG_JSON_KEY = ".dockerconfigjson";
    static final String DOCKERCFG_TYPE = "kubernetes.io/dockercfg";
    static final String DOCKERCFG_KEY = ".dockercfg";
    private static final Logger LOG = Logger.getLogger(PullSecretStore.class);

    private record ObjectName(String namespace, String name) {
        long heapBytes() {
            return HeapBytes.CACHE_ENTRY + HeapBytes.SMALL_OBJECT + HeapBytes.text(namespace) + HeapBytes.text(name);
        }

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    private final KubernetesClient client;
    private final Executor executor;
    private final AsyncCache<ObjectName, Optional<DockerConfigCredentials>> secrets;
    private final AsyncCache<ObjectName, List<String>> serviceAccountSecrets;

    PullSecretStore(KubernetesClient client, Executor executor) {
        this.client = client;
        this.executor = executor;
        this.secrets = Caffeine.newBuilder()
                .maximumWeight(CACHE_BYTES)
                .weigher((ObjectName key, Optional<DockerConfigCredentials> value) -> HeapBytes.weight(key.heapBytes()
                        + value.map(DockerConfigCredentials::heapBytes).orElse(0L)))
                .expireAfterWrite(TTL)
                .buildAsync();
        this.serviceAccountSecrets = Caffeine.newBuilder()
                .maximumWeight(CACHE_BYTES / 4)
                .weigher((ObjectName key, List<String> names) -> HeapBytes.weight(key.heapBytes()
                        + 16
                        + 4L * names.size()
                        + names.stream().mapToLong(HeapBytes::text).sum()))
                .expireAfterWrite(TTL)
                .buildAsync();
    }

    /** The registry credentials of one secret; empty when it is missing, unreadable or of another type. */
    CompletableFuture<Optional<DockerConfigCredentials>> secret(String namespace, String name) {
        return secrets.get(
                new ObjectName(namespace, name), (key, ignored) -> read(key, this::readSecret, Optional.empty()));
    }

    /** The names in {@code imagePullSecrets} of a service account; empty when it is missing or unreadable. */
    CompletableFuture<List<String>> serviceAccountPullSecrets(String namespace, String serviceAccount) {
        return serviceAccountSecrets.get(
                new ObjectName(namespace, serviceAccount),
                (key, ignored) -> read(key, this::readServiceAccount, List.of()));
    }

    private <T> CompletableFuture<T> read(ObjectName key, java.util.function.Function<ObjectName, T> reader, T absent) {
        try {
            return CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return reader.apply(key);
                        } catch (KubernetesClientException e) {
                            // The message may quote the API server's answer; the status code says enough.
                            LOG.warnf(
                                    "cannot read %s for pull secrets: %s",
                                    key,
                                    e.getCode() > 0
                                            ? "the API server answered HTTP " + e.getCode()
                                            : "the API server did not answer");
                            return absent;
                        } catch (RuntimeException e) {
                            LOG.debugf(
                                    "cannot read %s for pull secrets: %s",
                                    key, e.getClass().getSimpleName());
                            return absent;
                        }
                    },
                    executor);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debugf("too many pull secret reads queued; %s not read", key);
            return CompletableFuture.completedFuture(absent);
        }
    }

    private Optional<DockerConfigCredentials> readSecret(ObjectName key) {
        Secret secret = client.secrets()
                .inNamespace(key.namespace())
                .withName(key.name())
                .get();
        if (secret == null) {
            LOG.debugf("pull secret %s not found; ignored as the kubelet does", key);
            return Optional.empty();
        }
        String origin = "pull-secret:" + key + versionOf(secret);
        Optional<DockerConfigCredentials> credentials = switch (Objects.requireNonNullElse(secret.getType(), "")) {
            case DOCKER_CONFIG_JSON_TYPE ->
                valueOf(secret, DOCKER_CONFIG_JSON_KEY)
                        .map(bytes -> parse(bytes, DockerConfigCredentials.Format.CONFIG_JSON, origin, key));
            case DOCKERCFG_TYPE ->
                valueOf(secret, DOCKERCFG_KEY)
                        .map(bytes -> parse(bytes, DockerConfigCredentials.Format.DOCKERCFG, origin, key));
            default -> Optional.empty();
        };
        if (credentials.isEmpty()) {
            LOG.debugf("secret %s holds no %s or %s; ignored", key, DOCKER_CONFIG_JSON_KEY, DOCKERCFG_KEY);
        }
        return credentials;
    }

    private List<String> readServiceAccount(ObjectName key) {
        ServiceAccount account = client.serviceAccounts()
                .inNamespace(key.namespace())
                .withName(key.name())
                .get();
        if (account == null) {
            LOG.debugf("service account %s not found; its pull secrets ignored as the kubelet does", key);
            return List.of();
        }
        List<LocalObjectReference> references = account.getImagePullSecrets();
        return references == null
                ? List.of()
                : references.stream()
                        .map(LocalObjectReference::getName)
                        .filter(name -> name != null && !name.isBlank())
                        .toList();
    }

    private static DockerConfigCredentials parse(
            byte[] bytes, DockerConfigCredentials.Format format, String origin, ObjectName key) {
        return DockerConfigCredentials.parse(bytes, format, origin, "pull secret " + key);
    }

    /**
     * The value under {@code key}: {@code data} (base64) as the API server stores it, else
     * {@code stringData} as a client may have written it.
     */
    private static Optional<byte[]> valueOf(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data != null && data.get(key) != null) {
            try {
                return Optional.of(Base64.getMimeDecoder().decode(data.get(key)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        Map<String, String> stringData = secret.getStringData();
        return stringData != null && stringData.get(key) != null
                ? Optional.of(stringData.get(key).getBytes(StandardCharsets.UTF_8))
                : Optional.empty();
    }

    /** The resource version, so a rotated secret is a new credential identity (and its tokens are not reused). */
    private static String versionOf(Secret secret) {
        String version =
                secret.getMetadata() == null ? null : secret.getMetadata().getResourceVersion();
        return version == null || version.isBlank() ? "" : "@" + version;
    }
}
