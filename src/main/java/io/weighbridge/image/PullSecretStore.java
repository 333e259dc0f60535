package io.weighbridge.image;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Reads pull secrets and service accounts by name from one namespace, through the fabric8
 * client, never by listing. Reads run on the given executor (the client blocks). A missing object
 * is not an error, as for the kubelet: it is logged at debug and reads as no credentials; any
 * other failure (no RBAC, API server down) is logged by status only and reads the same way.
 *
 * <p>No admission waits on a refresh: a value read {@link #REFRESH_AFTER} ago is served as it is
 * while it is read again in the background (a failed refresh keeps it, up to {@link #EXPIRE_AFTER}
 * after it was read), so a rotated secret is seen at the next admission after that. Only the first
 * read of an object (or one unused for {@link #EXPIRE_AFTER}) is waited for, and by its first
 * caller only until its patience ends (half the admission's time left): when the API server has not answered by then the object
 * reads as absent for everyone (no later admission waits on that read again), and the answer, if
 * it comes, serves the next admissions; an unanswered object is asked again {@link #REFRESH_AFTER}
 * later. So an API server that does not answer costs a namespace one bounded wait, not one per
 * admission. The caches keep their own maintenance off the executor, as the other caches do.
 */
final class PullSecretStore {
    static final Duration REFRESH_AFTER = Duration.ofSeconds(30);
    static final Duration EXPIRE_AFTER = Duration.ofMinutes(10);
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

    /**
     * One object as last read: its value, whether the API server answered (else {@code value} is
     * the absent stand-in), and when (the cache's ticker).
     */
    private record Read<T>(T value, boolean answered, long readAtNanos) {}

    /** How one kind of object is read, and what stands for it when it cannot be. */
    private record Kind<T>(Function<ObjectName, T> reader, T absent) {}

    private final KubernetesClient client;
    private final Executor executor;
    private final Ticker ticker;
    private final Kind<Optional<DockerConfigCredentials>> secretKind = new Kind<>(this::readSecret, Optional.empty());
    private final Kind<List<String>> serviceAccountKind = new Kind<>(this::readServiceAccount, List.of());
    private final AsyncLoadingCache<ObjectName, Read<Optional<DockerConfigCredentials>>> secrets;
    private final AsyncLoadingCache<ObjectName, Read<List<String>>> serviceAccountSecrets;

    PullSecretStore(KubernetesClient client, Executor executor) {
        this(client, executor, Ticker.systemTicker());
    }

    /** With the time the caches keep: {@code ticker} (a test moves it by hand). */
    PullSecretStore(KubernetesClient client, Executor executor, Ticker ticker) {
        this.client = client;
        this.executor = executor;
        this.ticker = ticker;
        this.secrets = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumWeight(CACHE_BYTES)
                .weigher((ObjectName key, Read<Optional<DockerConfigCredentials>> read) ->
                        HeapBytes.weight(key.heapBytes()
                                + HeapBytes.SMALL_OBJECT
                                + read.value()
                                        .map(DockerConfigCredentials::heapBytes)
                                        .orElse(0L)))
                .refreshAfterWrite(REFRESH_AFTER)
                .expireAfterWrite(EXPIRE_AFTER)
                .buildAsync(refreshing(secretKind));
        this.serviceAccountSecrets = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumWeight(CACHE_BYTES / 4)
                .weigher((ObjectName key, Read<List<String>> read) -> HeapBytes.weight(key.heapBytes()
                        + HeapBytes.SMALL_OBJECT
                        + 16
                        + 4L * read.value().size()
                        + read.value().stream().mapToLong(HeapBytes::text).sum()))
                .refreshAfterWrite(REFRESH_AFTER)
                .expireAfterWrite(EXPIRE_AFTER)
                .buildAsync(refreshing(serviceAccountKind));
    }

    /**
     * The registry credentials of one secret; empty when it is missing, unreadable or of another
     * type, or when its first read is not answered by {@code patience} (half the first caller's time left).
     */
    CompletableFuture<Optional<DockerConfigCredentials>> secret(String namespace, String name, Deadline patience) {
        return cached(secrets, new ObjectName(namespace, name), secretKind, patience);
    }

    /** The names in {@code imagePullSecrets} of a service account; empty when it is missing or unreadable, as above. */
    CompletableFuture<List<String>> serviceAccountPullSecrets(
            String namespace, String serviceAccount, Deadline patience) {
        return cached(serviceAccountSecrets, new ObjectName(namespace, serviceAccount), serviceAccountKind, patience);
    }

    private <T> CompletableFuture<T> cached(
            AsyncLoadingCache<ObjectName, Read<T>> cache, ObjectName key, Kind<T> kind, Deadline patience) {
        return cache.get(key, (name, ignored) -> firstRead(cache, name, kind, patience))
                .thenApply(Read::value);
    }

    /**
     * The first read of {@code key}, waited for until {@code patience} (the first caller's) ends;
     * then the absent stand-in is what everyone gets, and a late answer replaces it.
     */
    private <T> CompletableFuture<Read<T>> firstRead(
            AsyncLoadingCache<ObjectName, Read<T>> cache, ObjectName key, Kind<T> kind, Deadline patience) {
        CompletableFuture<Read<T>> read = read(key, kind);
        CompletableFuture<Read<T>> answer = patience.bound(read.exceptionally(failure -> unanswered(kind)), () -> {
            LOG.debugf("%s: no answer from the API server in time; read as absent until it answers", key);
            return unanswered(kind);
        });
        // The late answer takes the stand-in's place: a plain replace of the cached future, which never waits on it
        // (the synchronous view's compute would wait for the pending stand-in on this very thread).
        read.thenAccept(late -> {
            if (!answer.isDone() || !answer.join().answered()) {
                cache.asMap().replace(key, answer, CompletableFuture.completedFuture(late));
            }
        });
        return answer;
    }

    /** Refreshes in the background: a refresh that fails keeps an answered value until {@link #EXPIRE_AFTER} after its read. */
    private <T> AsyncCacheLoader<ObjectName, Read<T>> refreshing(Kind<T> kind) {
        return new AsyncCacheLoader<>() {
            @Override
            public CompletableFuture<Read<T>> asyncLoad(ObjectName key, Executor ignored) {
                return read(key, kind).exceptionally(failure -> unanswered(kind));
            }

            @Override
            public CompletableFuture<Read<T>> asyncReload(ObjectName key, Read<T> old, Executor ignored) {
                return read(key, kind)
                        .exceptionally(
                                failure -> old.answered() && ticker.read() - old.readAtNanos() < EXPIRE_AFTER.toNanos()
                                        ? old
                                        : unanswered(kind));
            }
        };
    }

    private <T> Read<T> unanswered(Kind<T> kind) {
        return new Read<>(kind.absent(), false, ticker.read());
    }

    /** Reads {@code key} on the executor: its value, or a failure when the API server did not answer as asked. */
    private <T> CompletableFuture<Read<T>> read(ObjectName key, Kind<T> kind) {
        try {
            return CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return new Read<>(kind.reader().apply(key), true, ticker.read());
                        } catch (KubernetesClientException e) {
                            // The message may quote the API server's answer; the status code says enough.
                            LOG.warnf(
                                    "cannot read %s for pull secrets: %s",
                                    key,
                                    e.getCode() > 0
                                            ? "the API server answered HTTP " + e.getCode()
                                            : "the API server did not answer");
                            throw e;
                        } catch (RuntimeException e) {
                            LOG.debugf(
                                    "cannot read %s for pull secrets: %s",
                                    key, e.getClass().getSimpleName());
                            throw e;
                        }
                    },
                    executor);
        } catch (RejectedExecutionException e) {
            LOG.debugf("too many pull secret reads queued; %s not read", key);
            return CompletableFuture.failedFuture(e);
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
