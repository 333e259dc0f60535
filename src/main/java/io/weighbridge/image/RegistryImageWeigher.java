package io.weighbridge.image;

import io.vertx.core.Vertx;
import io.weighbridge.image.ManifestDocument.ImageIndex;
import io.weighbridge.image.ManifestDocument.ImageManifest;
import io.weighbridge.image.WeighingCaches.CacheScope;
import io.weighbridge.image.WeighingCaches.FailureKey;
import io.weighbridge.image.WeighingCaches.TagKey;
import io.weighbridge.image.WeighingCaches.WeightKey;
import io.weighbridge.image.registry.RawManifest;
import io.weighbridge.image.registry.RegistryClient;
import io.weighbridge.image.registry.RegistryException;
import io.weighbridge.image.registry.Repository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Weighs images in their registries, in four steps: resolve the tag (HEAD first), read the
 * manifest or index, read the config and sum the layer sizes from the descriptors, tell the
 * base (from what the config names, else from the layers, once per distinct base: a new image on a
 * known base costs HEAD, GET manifest and GET config). Every answer, failure included, arrives by the weighing's deadline. The caches are
 * {@link WeighingCaches}; concurrent weighings of one image share one fetch, which runs on a
 * deadline of its own ({@link #SHARED_FETCH_BUDGET}, or the first caller's if later), so a caller
 * that joins is not failed when the first one gives up. Mirrors are tried in order, each a
 * registry of its own. Its parts are wired by {@link WeigherBuilder}.
 */
@ApplicationScoped
public class RegistryImageWeigher implements ImageWeigher, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RegistryImageWeigher.class);
    /** Longer than an admission's deadline (8 s by default), so any admission caller that joins is served. */
    static final Duration SHARED_FETCH_BUDGET = Duration.ofSeconds(10);
    /** Kept back from the weighing's deadline when waiting for the base, to judge and answer. */
    private static final Duration BASE_MARGIN = Duration.ofMillis(100);

    private final RegistryClient registries;
    private final PullSecretCredentials credentials;
    private final MirrorRules mirrors;
    private final PlatformSelection platforms;
    private final WeighingCaches caches;
    private final BaseDetector bases;
    private final Runnable closing;

    @Inject
    RegistryImageWeigher(WeigherParts parts) {
        this.registries = parts.registries();
        this.credentials = parts.credentials();
        this.mirrors = parts.mirrors();
        this.platforms = parts.platforms();
        this.caches = parts.caches();
        this.bases = parts.bases();
        this.closing = parts.closing();
    }

    /** A weigher for {@code config}: by default the configured auth file, no pull secrets, metrics nowhere. */
    public static WeigherBuilder builder(Vertx vertx, RegistryConfig config) {
        return new WeigherBuilder(vertx, config);
    }

    @Override
    public CompletableFuture<ImageWeight> weigh(ImageReference reference, WeighingContext context) {
        List<MirrorRules.Candidate> candidates = mirrors.candidates(reference);
        if (onlyTheSource(candidates, reference)) {
            return weighAt(reference, context);
        }
        return MirrorFailover.weigh(reference, candidates, context, this::weighAt);
    }

    private static boolean onlyTheSource(List<MirrorRules.Candidate> candidates, ImageReference reference) {
        if (candidates.size() != 1) {
            return false;
        }
        MirrorRules.Candidate only = candidates.get(0);
        return only.role() == MirrorRules.Candidate.Role.SOURCE
                && only.refusal() == null
                && only.reference().equals(reference);
    }

    /** Weighs {@code reference} in its own registry, with the one credential found for it, by the deadline. */
    private CompletableFuture<ImageWeight> weighAt(ImageReference reference, WeighingContext context) {
        WeighingProgress progress = new WeighingProgress();
        progress.now("reading pull secrets");
        CompletableFuture<ImageWeight> work = credentials
                .credentialsFor(context)
                .thenApply(source -> source.find(reference.registry(), reference.repository(), context)
                        .orElse(Credential.ANONYMOUS))
                .thenCompose(credential -> weighWith(
                        reference,
                        new OnFirstUse<>(() -> registries
                                .repository(
                                        reference.registry(),
                                        reference.repository(),
                                        credential,
                                        context.deadline(),
                                        context.pace())
                                .tellingWaitsTo(progress::now)),
                        scope(reference, credential, context.platform()),
                        progress));
        return context.deadline()
                .failAtEnd(work, () -> forImage(reference, RegistryException.deadlinePassed(progress.activity())))
                .exceptionally(failure -> {
                    throw forImage(reference, Futures.cause(failure));
                });
    }

    /** The cache scope of a weighing: the configured platform's, or the one of the platform the pod pins. */
    private CacheScope scope(ImageReference reference, Credential credential, PlatformPin pin) {
        return pin.pinned()
                ? CacheScope.of(reference, credential, platforms.pinnedBy(pin))
                : CacheScope.of(reference, credential);
    }

    /** @param repository made only when something is fetched: a weighing the caches answer makes no client chain */
    private CompletableFuture<ImageWeight> weighWith(
            ImageReference reference, Supplier<Repository> repository, CacheScope scope, WeighingProgress progress) {
        FailureKey failureKey = new FailureKey(scope, reference);
        RegistryException recent = caches.recentFailure(failureKey);
        if (recent != null) {
            return CompletableFuture.failedFuture(recent);
        }
        return resolve(reference, repository, scope, progress)
                .thenCompose(digest -> {
                    WeightKey key = new WeightKey(scope, digest);
                    return weightOf(reference, repository, key, progress).thenCompose(weight -> {
                        progress.now("detecting the base");
                        return withBase(weight, key, reference, repository);
                    });
                })
                .whenComplete((weight, failure) -> {
                    if (failure != null && Futures.cause(failure) instanceof RegistryException reason) {
                        caches.rememberFailure(failureKey, reason);
                    }
                });
    }

    /** Step 1: the digest the reference names, by its digest or by a HEAD of its tag (a GET when HEAD does not say). */
    private CompletableFuture<Digest> resolve(
            ImageReference reference, Supplier<Repository> repository, CacheScope scope, WeighingProgress progress) {
        if (reference.pinnedByDigest()) {
            try {
                return CompletableFuture.completedFuture(Digest.parse(reference.digest()));
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(
                        new RegistryException("unsupported digest " + OneLine.cap(reference.digest(), 80)));
            }
        }
        progress.now("resolving tag ", reference.tag());
        return caches.tag(new TagKey(scope, reference.tag()), () -> {
            Repository shared = shared(repository.get());
            return shared.resolveTag(reference.tag())
                    .thenCompose(announced -> announced
                            .map(CompletableFuture::completedFuture)
                            .orElseGet(() -> shared.manifestByTag(reference.tag())
                                    .thenApply(raw -> {
                                        caches.rememberManifest(new WeightKey(scope, raw.digest()), raw);
                                        return raw.digest();
                                    })));
        });
    }

    /** Steps 2 and 3, cached by digest: the manifest (or the index and its chosen entries), then each config. */
    private CompletableFuture<ImageWeight> weightOf(
            ImageReference reference, Supplier<Repository> repository, WeightKey key, WeighingProgress progress) {
        progress.now("fetching manifest ", key.digest());
        return caches.weight(key, () -> {
                    Repository shared = shared(repository.get());
                    RawManifest recent = caches.takeManifest(key);
                    CompletableFuture<RawManifest> manifest =
                            recent != null ? CompletableFuture.completedFuture(recent) : shared.manifest(key.digest());
                    PlatformSelection wanted = key.scope().pinnedPlatform() == null
                            ? platforms
                            : PlatformSelection.parse(key.scope().pinnedPlatform());
                    // The weight keeps the key's own digest (equal to the manifest's), one object for both.
                    return manifest.thenCompose(
                            raw -> weighDocument(reference, key.digest(), raw, shared, wanted, progress));
                })
                .thenApply(weight -> weight.as(reference));
    }

    private CompletableFuture<ImageWeight> weighDocument(
            ImageReference reference,
            Digest digest,
            RawManifest raw,
            Repository repository,
            PlatformSelection wanted,
            WeighingProgress progress) {
        ManifestDocument document = ManifestParser.parse(raw);
        if (document instanceof ImageManifest manifest) {
            return weighManifest(reference, digest, manifest, repository, progress);
        }
        List<CompletableFuture<ImageWeight>> weighings = new ArrayList<>();
        for (Descriptor entry : wanted.choose((ImageIndex) document)) {
            weighings.add(repository.manifest(entry.digest()).thenCompose(child -> {
                if (!(ManifestParser.parse(child) instanceof ImageManifest manifest)) {
                    throw new RegistryException("index entry " + entry.digest() + " is not an image manifest");
                }
                return weighManifest(reference, digest, manifest, repository, progress)
                        .thenApply(weight -> entry.platform().map(weight::on).orElse(weight));
            }));
        }
        return CompletableFuture.allOf(weighings.toArray(CompletableFuture[]::new))
                .thenApply(done -> weighings.stream()
                        .map(CompletableFuture::join)
                        .max(Comparator.comparingLong(ImageWeight::sizeBytes))
                        .orElseThrow());
    }

    /** Step 3: the config (for the platform, the history lines and a base it names), and the sizes the descriptors state. */
    private CompletableFuture<ImageWeight> weighManifest(
            ImageReference reference,
            Digest resolvedDigest,
            ImageManifest manifest,
            Repository repository,
            WeighingProgress progress) {
        progress.now("fetching config ", manifest.config().digest());
        return repository.config(manifest.config().digest()).thenApply(bytes -> {
            ImageConfig config = ImageConfig.parse(bytes);
            try {
                List<Layer> layers = LayerHistory.align(manifest.layers(), config.history());
                return new ImageWeight(
                        reference,
                        resolvedDigest,
                        config.platform()
                                .map(Platform::toString)
                                .map(SharedValues::text)
                                .orElse(null),
                        manifest.config().size(),
                        layers,
                        BaseHint.of(config, layers).orElse(BaseImage.UNKNOWN));
            } catch (IllegalArgumentException impossibleSizes) {
                throw new RegistryException(impossibleSizes.getMessage());
            }
        });
    }

    /**
     * Step 4: the base the config named (step 3), else as far as the layers tell before the deadline;
     * detection carries on and is cached for next time. A base the layers told is kept with the
     * cached weight (a known base is final), so a warm weighing answers the cached weight itself.
     */
    private CompletableFuture<ImageWeight> withBase(
            ImageWeight weight, WeightKey key, ImageReference reference, Supplier<Repository> handle) {
        if (weight.base().known()) {
            return CompletableFuture.completedFuture(weight);
        }
        Repository repository = handle.get();
        CompletableFuture<BaseImage> detection =
                bases.detect(reference.registry(), weight.layers(), BaseDetector.layersOf(repository));
        detection.thenAccept(detected -> {
            if (detected.known()) {
                caches.keepBase(key, detected);
            }
        });
        return repository
                .deadline()
                .lessBy(BASE_MARGIN)
                .bound(detection, () -> BaseImage.UNKNOWN)
                .thenApply(weight::withBase);
    }

    /** The repository on the deadline of a fetch that other callers may join. */
    private static Repository shared(Repository firstCaller) {
        return firstCaller.within(sharedBudget(firstCaller.deadline()));
    }

    /** The deadline of a fetch that other callers may join: never sooner than the first caller's own. */
    private static Deadline sharedBudget(Deadline firstCaller) {
        return firstCaller.remaining().compareTo(SHARED_FETCH_BUDGET) > 0
                ? firstCaller
                : Deadline.in(SHARED_FETCH_BUDGET);
    }

    /** The failure as the user reads it: the image, then the reason; a failure that is no registry's is a bug, logged in full. */
    private static WeighingException forImage(ImageReference reference, Throwable failure) {
        if (failure instanceof WeighingException done) {
            return done;
        }
        if (!(failure instanceof RegistryException)) {
            LOG.errorf(failure, "weighing %s failed unexpectedly", reference);
        }
        String reason = failure instanceof RegistryException
                ? failure.getMessage()
                : "unexpected failure (see the webhook's log)";
        return new WeighingException(OneLine.of("cannot weigh " + reference + ": " + reason));
    }

    /** HTTP exchanges made so far, for tests and diagnostics. */
    long registryExchanges() {
        return registries.exchangeCount();
    }

    WeighingCaches caches() {
        return caches;
    }

    /** Releases the HTTP client and the threads; the container calls it at shutdown, tests that build one themselves. */
    @Override
    public void close() {
        closing.run();
    }
}
