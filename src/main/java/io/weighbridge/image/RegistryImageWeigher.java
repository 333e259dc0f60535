package io.weighbridge.image;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Vertx;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpClientOptions;
import io.weighbridge.image.ManifestDocument.ImageIndex;
import io.weighbridge.image.ManifestDocument.ImageManifest;
import io.weighbridge.metrics.CacheMetrics;
import io.weighbridge.metrics.RegistryMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Weighs images in their registries: resolves the tag (HEAD first), reads the manifest or index
 * and the config, sums the layer sizes from the descriptors, and detects the base. Every answer,
 * failure included, arrives by the caller's deadline.
 *
 * <p>Caches: tag → digest for {@code tag-cache-ttl}; digest → weight until memory runs short
 * (a digest's content never changes); failures for {@value #FAILURE_TTL_SECONDS} s so a broken
 * registry is not hammered. Concurrent weighings of one image share one fetch, which runs
 * against its own budget ({@link #SHARED_FETCH_BUDGET}, or the first caller's deadline if later)
 * rather than the first caller's deadline: a caller that joins with a later deadline is not failed
 * when the first one gives up, and each caller still gets its answer by its own deadline.
 */
@ApplicationScoped
public class RegistryImageWeigher implements ImageWeigher {
    static final long FAILURE_TTL_SECONDS = 10;
    /** Longer than an admission's deadline (8 s by default), so any admission caller that joins is served. */
    static final Duration SHARED_FETCH_BUDGET = Duration.ofSeconds(10);
    private static final long BASE_DETECTION_MARGIN_MILLIS = 100;
    private static final Duration RECENT_MANIFEST_TTL = Duration.ofMinutes(1);

    private final Vertx vertx;
    private final RegistryTransport transport;
    private final RegistryClient client;
    private final CredentialSource credentials;
    private final BaseDetector baseDetector;
    private final PlatformSelection platformSelection;
    private final ExecutorService resolverExecutor;
    private final io.vertx.core.http.HttpClient httpClient;

    // Keys carry registry and repository; CacheScope adds the credential identity, which is where
    // per-namespace pull secrets will scope entries so one namespace's secret never serves another.
    private record CacheScope(String registry, String repository, String credentialIdentity) {}

    private record TagKey(CacheScope scope, String tag) {}

    private record WeightKey(CacheScope scope, Digest digest) {}

    private record FailureKey(CacheScope scope, String reference) {}

    private final AsyncCache<TagKey, Digest> tagDigests;
    private final AsyncCache<WeightKey, ImageWeight> weights;
    private final Cache<FailureKey, RegistryException> failures;
    /** Manifests fetched by tag when HEAD gave no digest, so the digest lookup that follows needs no second GET. */
    private final Cache<WeightKey, RawManifest> recentManifests;

    @Inject
    public RegistryImageWeigher(Vertx vertx, RegistryConfig config, MeterRegistry meters) {
        this(vertx, config, authFileCredentials(config), AddressGuard.fromConfig(config), meters);
    }

    /** Outside CDI (tests, tools): metrics go to a private registry unless one is given. */
    public RegistryImageWeigher(Vertx vertx, RegistryConfig config) {
        this(vertx, config, new SimpleMeterRegistry());
    }

    public RegistryImageWeigher(Vertx vertx, RegistryConfig config, CredentialSource credentials) {
        this(vertx, config, credentials, new SimpleMeterRegistry());
    }

    public RegistryImageWeigher(Vertx vertx, RegistryConfig config, CredentialSource credentials, MeterRegistry meters) {
        this(vertx, config, credentials, AddressGuard.fromConfig(config), meters);
    }

    RegistryImageWeigher(Vertx vertx, RegistryConfig config, CredentialSource credentials, AddressGuard guard) {
        this(vertx, config, credentials, guard, new SimpleMeterRegistry());
    }

    RegistryImageWeigher(Vertx vertx, RegistryConfig config, CredentialSource credentials, AddressGuard guard,
            MeterRegistry meters) {
        this.vertx = vertx;
        this.credentials = credentials;
        this.platformSelection = PlatformSelection.parse(config.platform());
        this.httpClient = vertx.createHttpClient(new HttpClientOptions()
                .setVerifyHost(true)
                .setTrustAll(false)
                .setForceSni(true)
                .setKeepAlive(true)
                .setMaxPoolSize(Math.max(1, config.maxConcurrentRequests())));
        this.resolverExecutor = boundedExecutor("weighbridge-registry-dns", 4, 1024);
        RequestPermits permits = new RequestPermits(config.maxConcurrentRequests());
        this.transport = new RegistryTransport(vertx, httpClient, guard,
                new HashSet<>(config.plainHttp().orElse(List.of())), resolverExecutor, permits, config.timeout(),
                new RegistryMetrics(meters));
        this.client = new RegistryClient(transport, credentials);
        this.baseDetector = new BaseDetector(boundedExecutor("weighbridge-base-detection", 2, 64),
                config.baseDetectionMaxBytes().asLongValue(), config.baseDetectionTimeout());
        this.tagDigests = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(config.tagCacheTtl())
                .recordStats()
                .buildAsync();
        this.weights = Caffeine.newBuilder()
                .maximumWeight(config.cacheMaxMemory().asLongValue())
                .weigher((WeightKey key, ImageWeight weight) -> estimatedBytes(weight))
                .recordStats()
                .buildAsync();
        this.failures = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(Duration.ofSeconds(FAILURE_TTL_SECONDS))
                .recordStats()
                .build();
        this.recentManifests = Caffeine.newBuilder()
                .maximumWeight(4 * RegistryClient.MAX_MANIFEST_BYTES)
                .weigher((WeightKey key, RawManifest raw) -> raw.bytes().length)
                .expireAfterWrite(RECENT_MANIFEST_TTL)
                .build();
        // tags: tag -> digest; weights: digest -> weight; failures: recent registry failures (a hit is a failure served again).
        CacheMetrics.bind(meters, "tags", tagDigests.synchronous());
        CacheMetrics.bind(meters, "weights", weights.synchronous());
        CacheMetrics.bind(meters, "failures", failures);
    }

    @Override
    public CompletableFuture<ImageWeight> weigh(ImageReference reference, WeighingContext context) {
        Deadline deadline = Deadline.of(context);
        CacheScope scope = scopeOf(reference, context);
        FailureKey failureKey = new FailureKey(scope, reference.toString());
        RegistryException recent = failures.getIfPresent(failureKey);
        if (recent != null) {
            return CompletableFuture.failedFuture(forImage(reference, recent));
        }
        Progress progress = new Progress();
        CompletableFuture<ImageWeight> work = resolve(reference, scope, context, deadline, progress)
                .thenCompose(digest -> weightOf(reference, scope, digest, context, deadline, progress))
                .thenCompose(weight -> {
                    progress.now("detecting the base");
                    return withBase(weight, reference, context, deadline);
                });
        return answerByDeadline(work, reference, deadline, progress, failureKey);
    }

    /** HTTP exchanges made so far, for tests and diagnostics. */
    long registryExchanges() {
        return transport.exchangeCount();
    }

    @PreDestroy
    void close() {
        httpClient.close();
        resolverExecutor.shutdownNow();
        baseDetector.close();
    }

    private CompletableFuture<Digest> resolve(ImageReference reference, CacheScope scope, WeighingContext context,
            Deadline deadline, Progress progress) {
        if (reference.pinnedByDigest()) {
            try {
                return CompletableFuture.completedFuture(Digest.parse(reference.digest()));
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(new RegistryException("unsupported digest " + OneLine.cap(reference.digest(), 80)));
            }
        }
        progress.now("resolving tag " + reference.tag());
        return tagDigests.get(new TagKey(scope, reference.tag()), (key, ignored) -> {
            Deadline shared = sharedBudget(deadline);
            return client.headManifest(reference, reference.tag(), context, shared).thenCompose(announced -> {
                if (announced.isPresent()) {
                    return CompletableFuture.completedFuture(announced.get());
                }
                return client.getManifest(reference, reference.tag(), Optional.empty(), context, shared)
                        .thenApply(raw -> {
                            recentManifests.put(new WeightKey(scope, raw.digest()), raw);
                            return raw.digest();
                        });
            });
        });
    }

    private CompletableFuture<ImageWeight> weightOf(ImageReference reference, CacheScope scope, Digest digest,
            WeighingContext context, Deadline deadline, Progress progress) {
        WeightKey key = new WeightKey(scope, digest);
        progress.now("fetching manifest " + digest);
        return weights.get(key, (k, ignored) -> {
                    Deadline shared = sharedBudget(deadline);
                    return fetchManifest(reference, k, context, shared)
                            .thenCompose(raw -> weighDocument(reference, raw, context, shared, progress));
                })
                .thenApply(weight -> new ImageWeight(reference, weight.digest(), weight.platform(), weight.configBytes(),
                        weight.layers(), weight.base()));
    }

    private CompletableFuture<RawManifest> fetchManifest(ImageReference reference, WeightKey key, WeighingContext context,
            Deadline deadline) {
        RawManifest recent = recentManifests.getIfPresent(key);
        if (recent != null) {
            recentManifests.invalidate(key);
            return CompletableFuture.completedFuture(recent);
        }
        return client.getManifest(reference, key.digest().toString(), Optional.of(key.digest()), context, deadline);
    }

    private CompletableFuture<ImageWeight> weighDocument(ImageReference reference, RawManifest raw, WeighingContext context,
            Deadline deadline, Progress progress) {
        ManifestDocument document = raw.parse();
        if (document instanceof ImageManifest manifest) {
            return weighManifest(reference, raw.digest(), manifest, Optional.empty(), context, deadline, progress);
        }
        ImageIndex index = (ImageIndex) document;
        List<Descriptor> chosen = platformSelection.choose(index);
        List<CompletableFuture<ImageWeight>> weighings = chosen.stream()
                .map(entry -> client.getManifest(reference, entry.digest().toString(), Optional.of(entry.digest()), context, deadline)
                        .thenCompose(child -> {
                            if (!(child.parse() instanceof ImageManifest manifest)) {
                                throw new RegistryException("index entry " + entry.digest() + " is not an image manifest");
                            }
                            return weighManifest(reference, raw.digest(), manifest, entry.platform(), context, deadline, progress);
                        }))
                .toList();
        return CompletableFuture.allOf(weighings.toArray(CompletableFuture[]::new)).thenApply(done -> weighings.stream()
                .map(CompletableFuture::join)
                .max(Comparator.comparingLong(ImageWeight::sizeBytes))
                .orElseThrow());
    }

    private CompletableFuture<ImageWeight> weighManifest(ImageReference reference, Digest resolvedDigest, ImageManifest manifest,
            Optional<Platform> indexPlatform, WeighingContext context, Deadline deadline, Progress progress) {
        progress.now("fetching config " + manifest.config().digest());
        return client.getBlob(reference, manifest.config().digest(), RegistryClient.MAX_CONFIG_BYTES, "fetching config",
                        context, deadline)
                .thenApply(bytes -> {
                    ImageConfig config = ImageConfig.parse(bytes);
                    String platform = indexPlatform.or(config::platform).map(Platform::toString).orElse(null);
                    return new ImageWeight(reference, resolvedDigest.toString(), platform, manifest.config().size(),
                            LayerHistory.align(manifest.layers(), config.history()), BaseImage.UNKNOWN);
                });
    }

    /** The deadline of a fetch that other callers may join: never sooner than the first caller's own. */
    private static Deadline sharedBudget(Deadline firstCaller) {
        return Deadline.in(SHARED_FETCH_BUDGET).later(firstCaller);
    }

    /** The base as far as it can be told before the deadline; detection carries on and is cached for next time. */
    private CompletableFuture<ImageWeight> withBase(ImageWeight weight, ImageReference reference, WeighingContext context,
            Deadline deadline) {
        CompletableFuture<BaseImage> detection = baseDetector.detect(weight.layers(), (layer, detectionDeadline) ->
                openLayer(reference, layer, context, detectionDeadline));
        long wait = deadline.remainingMillis() - BASE_DETECTION_MARGIN_MILLIS;
        return detection.copy()
                .completeOnTimeout(BaseImage.UNKNOWN, Math.max(0, wait), TimeUnit.MILLISECONDS)
                .thenApply(weight::withBase);
    }

    /** Runs on a base-detection thread: waits for the Vert.x request, bounded by the detection deadline. */
    private java.io.InputStream openLayer(ImageReference reference, Digest layer, WeighingContext context, Deadline deadline)
            throws IOException {
        try {
            return client.openBlob(reference, layer, context, deadline)
                    .get(Math.max(1, deadline.remainingMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("deadline passed while opening layer " + layer);
        } catch (ExecutionException e) {
            throw new IOException(RegistryTransport.unwrap(e).getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private CompletableFuture<ImageWeight> answerByDeadline(CompletableFuture<ImageWeight> work, ImageReference reference,
            Deadline deadline, Progress progress, FailureKey failureKey) {
        CompletableFuture<ImageWeight> answer = new CompletableFuture<>();
        long remaining = deadline.remainingMillis();
        if (remaining <= 0) {
            answer.completeExceptionally(forImage(reference, RegistryException.deadlinePassed(progress.activity)));
            return answer;
        }
        long timer = vertx.setTimer(remaining, id -> answer.completeExceptionally(
                forImage(reference, RegistryException.deadlinePassed(progress.activity))));
        work.whenComplete((weight, failure) -> {
            vertx.cancelTimer(timer);
            if (failure == null) {
                answer.complete(weight);
                return;
            }
            Throwable cause = RegistryTransport.unwrap(failure);
            RegistryException reason = cause instanceof RegistryException registryException
                    ? registryException
                    : new RegistryException(cause.getClass().getSimpleName() + ": " + cause.getMessage());
            if (reason.lasting()) {
                failures.put(failureKey, reason);
            }
            answer.completeExceptionally(forImage(reference, reason));
        });
        return answer;
    }

    private static WeighingException forImage(ImageReference reference, RegistryException reason) {
        return new WeighingException(OneLine.of("cannot weigh " + reference + ": " + reason.getMessage()));
    }

    private CacheScope scopeOf(ImageReference reference, WeighingContext context) {
        String identity = credentials.find(reference.registry(), reference.repository(), context)
                .map(Credential::identity)
                .orElse("anonymous");
        return new CacheScope(reference.registry(), reference.repository(), identity);
    }

    /** A rough size of a cached weight in memory: records, strings and per-layer overhead. */
    static int estimatedBytes(ImageWeight weight) {
        long bytes = 512L + weight.reference().toString().length() * 2L;
        for (Layer layer : weight.layers()) {
            bytes += 256 + (layer.createdBy() == null ? 0 : layer.createdBy().length() * 2L);
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static CredentialSource authFileCredentials(RegistryConfig config) {
        return config.authFile().<CredentialSource>map(DockerConfigCredentials::load).orElse(CredentialSource.NONE);
    }

    private static ExecutorService boundedExecutor(String name, int threads, int queue) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), factory,
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** What a weighing is doing now, for the "deadline passed while …" message. */
    private static final class Progress {
        volatile String activity = "starting";

        void now(String activity) {
            this.activity = activity;
        }
    }
}
