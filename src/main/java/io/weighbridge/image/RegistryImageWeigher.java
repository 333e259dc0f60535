package io.weighbridge.image;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.client.KubernetesClient;
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
    /**
     * What the cache spends on an entry besides key and value: Caffeine's node (about 48 bytes for
     * a weighted, access-ordered node), the ConcurrentHashMap node under it (32) and its slot in
     * the table (8 at the usual load), the CompletableFuture an async cache keeps (24), and the
     * frequency sketch's share (8).
     */
    static final long CACHE_ENTRY_BYTES = 120;

    private final Vertx vertx;
    private final RegistryTransport transport;
    private final RegistryClient client;
    private final PullSecretCredentials credentials;
    private final BaseDetector baseDetector;
    private final PlatformSelection platformSelection;
    private final ExecutorService resolverExecutor;
    private final ExecutorService secretReader;
    private final io.vertx.core.http.HttpClient httpClient;
    private final MirrorRules mirrors;

    /**
     * What every cache entry is scoped by: registry, repository and the identity of the credential
     * that fetched it ({@code anonymous}, {@code auth-file:quay.io},
     * {@code pull-secret:team-a/regcred@4711:quay.io}).
     *
     * <p>Why the credential identity, for tags, weights and failures alike: an entry is served only
     * to a weighing that would present the very same credential, so what one namespace's secret
     * fetched never reaches a namespace without it, and nothing needs proving at lookup time.
     * Public images share one scope ({@code anonymous}) among all weighings without a credential
     * for their registry, and images reached with the cluster-wide auth file are shared by all that
     * fall back to it; a namespace with its own secret for a registry weighs even that registry's
     * public images once more, under its own scope, which is the price of the simple rule. The alternative (share weights by digest, after the other namespace
     * proves access with a HEAD of the digest with its own credential) would save a manifest and a
     * config fetch per namespace and private image, but adds a request to every warm weighing and a
     * path where a mistake serves another tenant's data; manifests and configs are small, tags are
     * resolved with HEAD anyway, so the simpler rule wins. A rotated secret gets a new resource
     * version and so a new identity: nothing fetched or authorised with the old one is reused.
     */
    record CacheScope(String registry, String repository, String credentialIdentity) {
        static final String ANONYMOUS = "anonymous";

        static CacheScope of(ImageReference reference, Optional<Credential> credential) {
            return new CacheScope(reference.registry(), reference.repository(),
                    credential.map(Credential::identity).orElse(ANONYMOUS));
        }
    }

    private record TagKey(CacheScope scope, String tag) {}

    record WeightKey(CacheScope scope, Digest digest) {}

    private record FailureKey(CacheScope scope, String reference) {}

    private final AsyncCache<TagKey, Digest> tagDigests;
    private final AsyncCache<WeightKey, ImageWeight> weights;
    private final Cache<FailureKey, RegistryException> failures;
    /** Manifests fetched by tag when HEAD gave no digest, so the digest lookup that follows needs no second GET. */
    private final Cache<WeightKey, RawManifest> recentManifests;

    /**
     * The webhook's weigher: pull secrets through the cluster's API when one is configured, then
     * the auth file.
     */
    @Inject
    public RegistryImageWeigher(Vertx vertx, RegistryConfig config, KubernetesApi kubernetes, MeterRegistry meters) {
        this(builder(vertx, config).pullSecretsFrom(kubernetes.client()).meters(meters));
    }

    /** A weigher for {@code config}: by default the configured auth file, no pull secrets, metrics nowhere. */
    public static Builder builder(Vertx vertx, RegistryConfig config) {
        return new Builder(vertx, config);
    }

    /** The parts of a weigher that are not settings of {@link RegistryConfig}; each has a default. */
    public static final class Builder {
        private final Vertx vertx;
        private final RegistryConfig config;
        private CredentialSource staticCredentials;
        private AddressGuard guard;
        private Optional<KubernetesClient> pullSecrets = Optional.empty();
        private MeterRegistry meters;

        private Builder(Vertx vertx, RegistryConfig config) {
            this.vertx = vertx;
            this.config = config;
        }

        /** Credentials consulted after pull secrets; instead of {@code weighbridge.registry.auth-file}. */
        public Builder credentials(CredentialSource credentials) {
            this.staticCredentials = credentials;
            return this;
        }

        /** Reads pull secrets through this client; without one, only the static credentials apply. */
        public Builder pullSecretsFrom(Optional<KubernetesClient> client) {
            this.pullSecrets = client;
            return this;
        }

        public Builder meters(MeterRegistry registry) {
            this.meters = registry;
            return this;
        }

        /** Instead of the guard {@code weighbridge.registry.allowed-networks} makes (tests map names without DNS). */
        Builder addressGuard(AddressGuard addressGuard) {
            this.guard = addressGuard;
            return this;
        }

        public RegistryImageWeigher build() {
            return new RegistryImageWeigher(this);
        }
    }

    private RegistryImageWeigher(Builder settings) {
        Vertx vertx = settings.vertx;
        RegistryConfig config = settings.config;
        CredentialSource authFile = settings.staticCredentials != null ? settings.staticCredentials : authFileCredentials(config);
        AddressGuard guard = settings.guard != null ? settings.guard : AddressGuard.fromConfig(config);
        Optional<KubernetesClient> kubernetes = settings.pullSecrets;
        MeterRegistry meters = settings.meters != null ? settings.meters : new SimpleMeterRegistry();
        this.vertx = vertx;
        this.secretReader = boundedExecutor("weighbridge-pull-secrets", 2, 256);
        this.credentials = new PullSecretCredentials(kubernetes.map(client -> new PullSecretStore(client, secretReader)), authFile);
        this.platformSelection = PlatformSelection.parse(config.platform());
        this.mirrors = MirrorRules.fromConfig(config);
        HttpClientOptions clientOptions = new HttpClientOptions()
                .setVerifyHost(true)
                .setTrustAll(false)
                .setForceSni(true)
                .setKeepAlive(true)
                .setMaxPoolSize(Math.max(1, config.maxConcurrentRequests()));
        RegistryTrust.fromConfig(config).ifPresent(clientOptions::setTrustOptions);
        this.httpClient = vertx.createHttpClient(clientOptions);
        this.resolverExecutor = boundedExecutor("weighbridge-registry-dns", 4, 1024);
        RequestPermits permits = new RequestPermits(config.maxConcurrentRequests());
        this.transport = new RegistryTransport(vertx, httpClient, guard,
                new HashSet<>(config.plainHttp().orElse(List.of())), resolverExecutor, permits, config.timeout(),
                new RegistryMetrics(meters));
        this.client = new RegistryClient(transport);
        this.baseDetector = new BaseDetector(boundedExecutor("weighbridge-base-detection", 2, 64),
                config.baseDetectionMaxBytes().asLongValue(), config.baseDetectionTimeout());
        this.tagDigests = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(config.tagCacheTtl())
                .recordStats()
                .buildAsync();
        this.weights = Caffeine.newBuilder()
                .maximumWeight(config.cacheMaxMemory().asLongValue())
                .weigher((WeightKey key, ImageWeight weight) -> (int) Math.min(Integer.MAX_VALUE, estimatedBytes(key, weight)))
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
        List<MirrorRules.Candidate> candidates = mirrors.candidates(reference);
        if (candidates.equals(List.of(MirrorRules.Candidate.source(reference)))) {
            return weighAt(reference, context);
        }
        return weighFromCandidates(reference, candidates, 0, context, new java.util.ArrayList<>());
    }

    /**
     * Tries the mirrors and the source (or where registries.conf moves it) in order; one the rules
     * refuse (NeverContactSource, blocked) is not contacted. Each is a registry of its own: the
     * address guard and the credentials of its host apply, and its failures are cached under its
     * own name. The answer keeps the user's reference and names the place that gave it; a failure
     * lists why each place failed.
     */
    private CompletableFuture<ImageWeight> weighFromCandidates(ImageReference reference, List<MirrorRules.Candidate> candidates,
            int index, WeighingContext context, List<String> reasons) {
        MirrorRules.Candidate candidate = candidates.get(index);
        CompletableFuture<ImageWeight> attempt = candidate.refusal() != null
                ? CompletableFuture.failedFuture(new WeighingException(candidate.refusal()))
                : weighAt(candidate.reference(), context);
        return attempt.handle((weight, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(candidate.elsewhere()
                        ? weight.fromMirror(reference, candidate.reference().name())
                        : weight);
            }
            Throwable cause = RegistryTransport.unwrap(failure);
            String prefix = "cannot weigh " + candidate.reference() + ": ";
            String why = cause.getMessage() != null && cause.getMessage().startsWith(prefix)
                    ? cause.getMessage().substring(prefix.length())
                    : String.valueOf(cause.getMessage());
            reasons.add(candidate.label() + ": " + why);
            boolean last = index + 1 >= candidates.size();
            if (last || Deadline.of(context).passed()) {
                return CompletableFuture.<ImageWeight>failedFuture(new WeighingException(OneLine.of("cannot weigh "
                        + reference + ": " + String.join("; ", reasons))));
            }
            return weighFromCandidates(reference, candidates, index + 1, context, reasons);
        }).thenCompose(f -> f);
    }

    /** Weighs {@code reference} in its own registry. */
    private CompletableFuture<ImageWeight> weighAt(ImageReference reference, WeighingContext context) {
        Deadline deadline = Deadline.of(context);
        Progress progress = new Progress();
        progress.now("reading pull secrets");
        CompletableFuture<ImageWeight> work = credentials.credentialsFor(context, deadline)
                .thenApply(source -> source.find(reference.registry(), reference.repository(), context))
                .thenCompose(credential -> weighWith(reference, credential, deadline, progress));
        return answerByDeadline(work, reference, deadline, progress);
    }

    /** Weighs with the one credential found for the image's registry and repository, or none. */
    private CompletableFuture<ImageWeight> weighWith(ImageReference reference, Optional<Credential> credential,
            Deadline deadline, Progress progress) {
        CacheScope scope = CacheScope.of(reference, credential);
        FailureKey failureKey = new FailureKey(scope, reference.toString());
        RegistryException recent = failures.getIfPresent(failureKey);
        if (recent != null) {
            return CompletableFuture.failedFuture(recent);
        }
        return resolve(reference, scope, credential, deadline, progress)
                .thenCompose(digest -> weightOf(reference, scope, digest, credential, deadline, progress))
                .thenCompose(weight -> {
                    progress.now("detecting the base");
                    return withBase(weight, reference, credential, deadline);
                })
                .whenComplete((weight, failure) -> {
                    if (failure != null && RegistryTransport.unwrap(failure) instanceof RegistryException reason
                            && reason.lasting()) {
                        failures.put(failureKey, reason);
                    }
                });
    }

    /** HTTP exchanges made so far, for tests and diagnostics. */
    long registryExchanges() {
        return transport.exchangeCount();
    }

    /** Releases the HTTP client and the threads; the container calls it at shutdown, tests that build one themselves. */
    @PreDestroy
    public void close() {
        httpClient.close();
        resolverExecutor.shutdownNow();
        secretReader.shutdownNow();
        baseDetector.close();
    }

    private CompletableFuture<Digest> resolve(ImageReference reference, CacheScope scope, Optional<Credential> credential,
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
            return client.headManifest(reference, reference.tag(), credential, shared).thenCompose(announced -> {
                if (announced.isPresent()) {
                    return CompletableFuture.completedFuture(announced.get());
                }
                return client.getManifest(reference, reference.tag(), Optional.empty(), credential, shared)
                        .thenApply(raw -> {
                            recentManifests.put(new WeightKey(scope, raw.digest()), raw);
                            return raw.digest();
                        });
            });
        });
    }

    private CompletableFuture<ImageWeight> weightOf(ImageReference reference, CacheScope scope, Digest digest,
            Optional<Credential> credential, Deadline deadline, Progress progress) {
        WeightKey key = new WeightKey(scope, digest);
        progress.now("fetching manifest " + digest);
        return weights.get(key, (k, ignored) -> {
                    Deadline shared = sharedBudget(deadline);
                    return fetchManifest(reference, k, credential, shared)
                            .thenCompose(raw -> weighDocument(reference, raw, credential, shared, progress));
                })
                .thenApply(weight -> new ImageWeight(reference, weight.digest(), weight.platform(), weight.configBytes(),
                        weight.layers(), weight.base()));
    }

    private CompletableFuture<RawManifest> fetchManifest(ImageReference reference, WeightKey key, Optional<Credential> credential,
            Deadline deadline) {
        RawManifest recent = recentManifests.getIfPresent(key);
        if (recent != null) {
            recentManifests.invalidate(key);
            return CompletableFuture.completedFuture(recent);
        }
        return client.getManifest(reference, key.digest().toString(), Optional.of(key.digest()), credential, deadline);
    }

    private CompletableFuture<ImageWeight> weighDocument(ImageReference reference, RawManifest raw, Optional<Credential> credential,
            Deadline deadline, Progress progress) {
        ManifestDocument document = raw.parse();
        if (document instanceof ImageManifest manifest) {
            return weighManifest(reference, raw.digest(), manifest, Optional.empty(), credential, deadline, progress);
        }
        ImageIndex index = (ImageIndex) document;
        List<Descriptor> chosen = platformSelection.choose(index);
        List<CompletableFuture<ImageWeight>> weighings = chosen.stream()
                .map(entry -> client.getManifest(reference, entry.digest().toString(), Optional.of(entry.digest()), credential, deadline)
                        .thenCompose(child -> {
                            if (!(child.parse() instanceof ImageManifest manifest)) {
                                throw new RegistryException("index entry " + entry.digest() + " is not an image manifest");
                            }
                            return weighManifest(reference, raw.digest(), manifest, entry.platform(), credential, deadline, progress);
                        }))
                .toList();
        return CompletableFuture.allOf(weighings.toArray(CompletableFuture[]::new)).thenApply(done -> weighings.stream()
                .map(CompletableFuture::join)
                .max(Comparator.comparingLong(ImageWeight::sizeBytes))
                .orElseThrow());
    }

    private CompletableFuture<ImageWeight> weighManifest(ImageReference reference, Digest resolvedDigest, ImageManifest manifest,
            Optional<Platform> indexPlatform, Optional<Credential> credential, Deadline deadline, Progress progress) {
        progress.now("fetching config " + manifest.config().digest());
        return client.getBlob(reference, manifest.config().digest(), RegistryClient.MAX_CONFIG_BYTES, "fetching config",
                        credential, deadline)
                .thenApply(bytes -> {
                    ImageConfig config = ImageConfig.parse(bytes);
                    String platform = indexPlatform.or(config::platform).map(Platform::toString).orElse(null);
                    return new ImageWeight(reference, resolvedDigest.toString(), platform, manifest.config().size(),
                            LayerHistory.align(manifest.layers(), config.history()), BaseImage.UNKNOWN);
                });
    }

    /**
     * The deadline of a fetch that other callers may join: never sooner than the first caller's
     * own, at the first caller's pace (a caller that joins an audit's fetch waits as the audit does).
     */
    private static Deadline sharedBudget(Deadline firstCaller) {
        return Deadline.in(SHARED_FETCH_BUDGET).later(firstCaller).pacedLike(firstCaller);
    }

    /** The base as far as it can be told before the deadline; detection carries on and is cached for next time. */
    private CompletableFuture<ImageWeight> withBase(ImageWeight weight, ImageReference reference, Optional<Credential> credential,
            Deadline deadline) {
        CompletableFuture<BaseImage> detection = baseDetector.detect(weight.layers(), (layer, detectionDeadline) ->
                openLayer(reference, layer, credential, detectionDeadline.pacedLike(deadline)));
        long wait = deadline.remainingMillis() - BASE_DETECTION_MARGIN_MILLIS;
        return detection.copy()
                .completeOnTimeout(BaseImage.UNKNOWN, Math.max(0, wait), TimeUnit.MILLISECONDS)
                .thenApply(weight::withBase);
    }

    /** Runs on a base-detection thread: waits for the Vert.x request, bounded by the detection deadline. */
    private java.io.InputStream openLayer(ImageReference reference, Digest layer, Optional<Credential> credential, Deadline deadline)
            throws IOException {
        try {
            return client.openBlob(reference, layer, credential, deadline)
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
            Deadline deadline, Progress progress) {
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
            answer.completeExceptionally(forImage(reference, reason));
        });
        return answer;
    }

    private static WeighingException forImage(ImageReference reference, RegistryException reason) {
        return new WeighingException(OneLine.of("cannot weigh " + reference + ": " + reason.getMessage()));
    }

    /**
     * Heap bytes one entry of the weights cache holds, key and value, counted object by object for
     * a 64-bit JVM with compressed references (12-byte headers, 4-byte references, objects
     * aligned to 8 bytes) and compact strings (24 bytes for the String, 16 plus one byte per
     * character for its array, two outside Latin-1). Each string is counted as if it were the
     * entry's own, so text the key shares with the value is counted twice: the estimate errs
     * high, never low. {@code WeightCacheMemoryIT} measures real entries with JOL and holds the
     * estimate between 1 and 1.5 times what they occupy.
     */
    static long estimatedBytes(WeightKey key, ImageWeight weight) {
        CacheScope scope = key.scope();
        long bytes = CACHE_ENTRY_BYTES
                + 16 + 24 + 24 // WeightKey, CacheScope, Digest
                + text(scope.registry()) + text(scope.repository()) + text(scope.credentialIdentity())
                + text(key.digest().algorithm()) + text(key.digest().hex());
        ImageReference reference = weight.reference();
        bytes += 48 + 32 // ImageWeight, ImageReference
                + text(reference.registry()) + text(reference.repository()) + text(reference.tag()) + text(reference.digest())
                + text(weight.digest()) + text(weight.platform()) + text(weight.pulledFrom())
                + 24 + text(weight.base().distribution()) + text(weight.base().version())
                + 16 + aligned(16 + 4L * weight.layers().size()); // the immutable list and its array
        for (Layer layer : weight.layers()) {
            bytes += 32 + text(layer.digest()) + text(layer.mediaType()) + text(layer.createdBy());
        }
        return bytes;
    }

    private static long text(String value) {
        if (value == null) {
            return 0;
        }
        boolean latin1 = value.chars().allMatch(c -> c <= 0xFF);
        return 24 + aligned(16 + (long) value.length() * (latin1 ? 1 : 2));
    }

    private static long aligned(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** Puts a weight in the weights cache as a weighing without credentials would have (a seam for tests). */
    void cacheWeight(ImageWeight weight) {
        WeightKey key = new WeightKey(CacheScope.of(weight.reference(), Optional.empty()), Digest.parse(weight.digest()));
        weights.put(key, CompletableFuture.completedFuture(weight));
    }

    /** The weights cache once pending evictions have run, and the total weight Caffeine holds it to. */
    record WeightCacheContents(java.util.Map<WeightKey, ImageWeight> entries, long weightedBytes) {}

    WeightCacheContents weightCacheContents() {
        Cache<WeightKey, ImageWeight> cache = weights.synchronous();
        cache.cleanUp();
        long weighted = cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
        return new WeightCacheContents(java.util.Map.copyOf(cache.asMap()), weighted);
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
