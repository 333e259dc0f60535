package io.weighbridge.access;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.weighbridge.image.KubernetesApi;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Asks the Kubernetes API who a bearer token belongs to (TokenReview) and whether that user may do
 * something (SubjectAccessReview), as the API server's own webhook authenticator does.
 *
 * <p>Answers are reused for {@code weighbridge.api.review-cache-ttl}, in caches of bounded size,
 * keyed by a hash of the token (the token itself is not kept); concurrent questions share one
 * review. Failures are not cached. The client blocks, so reviews run on a small pool of their
 * own with a bounded queue: a flood of API calls cannot take threads from admissions, and beyond
 * the queue a caller is told the reviews are busy.
 */
@ApplicationScoped
public class ClusterReviews {
    /** The longest a caller waits for a review before being told the API is unavailable. */
    static final Duration REVIEW_TIMEOUT = Duration.ofSeconds(5);

    private static final int THREADS = 2;
    private static final int QUEUE = 256;
    private static final int MAX_TOKENS = 1_024;
    private static final int MAX_DECISIONS = 4_096;

    /** A review that could not be made; the message says why, in one line. */
    public static final class ReviewUnavailableException extends RuntimeException {
        ReviewUnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    private record Question(
            String user, String uid, List<String> groups, Map<String, List<String>> extra, ResourceAccess access) {}

    /** Built beside the start ({@link KubernetesApi}); complete from then on. */
    private final CompletableFuture<Optional<KubernetesClient>> client;

    private final ExecutorService executor;
    private final AsyncCache<String, Optional<UserInfo>> tokens;
    private final AsyncCache<Question, Boolean> decisions;

    @Inject
    ClusterReviews(KubernetesApi api, ApiAccessConfig config) {
        this(api.built(), config.reviewCacheTtl());
    }

    ClusterReviews(Optional<KubernetesClient> client, Duration ttl) {
        this(CompletableFuture.completedFuture(client), ttl);
    }

    private ClusterReviews(CompletableFuture<Optional<KubernetesClient>> client, Duration ttl) {
        this.client = client;
        this.executor = new ThreadPoolExecutor(
                THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "weighbridge-api-review");
                    thread.setDaemon(true);
                    return thread;
                });
        this.tokens = Caffeine.newBuilder()
                .maximumSize(MAX_TOKENS)
                .expireAfterWrite(ttl)
                .buildAsync();
        this.decisions = Caffeine.newBuilder()
                .maximumSize(MAX_DECISIONS)
                .expireAfterWrite(ttl)
                .buildAsync();
    }

    /** Whether there is a Kubernetes API to ask; waits until that is known ({@link #known()}). */
    public boolean available() {
        return client.join().isPresent();
    }

    /** Completes once whether there is a Kubernetes API is known: then {@link #available()} answers at once. */
    public CompletableFuture<Void> known() {
        return client.thenApply(built -> null);
    }

    /** The user the token belongs to; empty when the API does not authenticate it. */
    public CompletableFuture<Optional<UserInfo>> authenticate(String token) {
        return timed(tokens.get(sha256(token), (key, ignored) -> review("tokenreviews", () -> tokenReview(token))));
    }

    /** Whether the user may do what is asked. */
    public CompletableFuture<Boolean> allowed(UserInfo user, ResourceAccess access) {
        Question question = new Question(user.getUsername(), user.getUid(), user.getGroups(), user.getExtra(), access);
        return timed(
                decisions.get(question, (key, ignored) -> review("subjectaccessreviews", () -> accessReview(key))));
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }

    private Optional<UserInfo> tokenReview(String token) {
        TokenReview review = new TokenReviewBuilder()
                .withNewSpec()
                .withToken(token)
                .endSpec()
                .build();
        TokenReviewStatus status =
                api().authentication().v1().tokenReviews().create(review).getStatus();
        boolean authenticated = status != null
                && Boolean.TRUE.equals(status.getAuthenticated())
                && status.getUser() != null
                && status.getUser().getUsername() != null
                && !status.getUser().getUsername().isBlank();
        return authenticated ? Optional.of(status.getUser()) : Optional.empty();
    }

    private Boolean accessReview(Question question) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(question.user())
                .withUid(question.uid())
                .withGroups(question.groups())
                .withExtra(question.extra())
                .withNewResourceAttributes()
                .withVerb(question.access().verb())
                .withGroup(question.access().group())
                .withResource(question.access().resource())
                .withNamespace(question.access().namespace())
                .endResourceAttributes()
                .endSpec()
                .build();
        SubjectAccessReview answered =
                api().authorization().v1().subjectAccessReview().create(review);
        return answered.getStatus() != null
                && Boolean.TRUE.equals(answered.getStatus().getAllowed())
                && !Boolean.TRUE.equals(answered.getStatus().getDenied());
    }

    private KubernetesClient api() {
        return client.join().orElseThrow(() -> new ReviewUnavailableException("no Kubernetes API is configured"));
    }

    /** @param resource what is created, to name in the reason when the webhook may not create it */
    private <T> CompletableFuture<T> review(String resource, Supplier<T> call) {
        try {
            return CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return call.get();
                        } catch (KubernetesClientException e) {
                            // Its message may quote the API server's answer at length; the code says enough.
                            throw new ReviewUnavailableException(
                                    switch (e.getCode()) {
                                        case 0 -> "it could not be reached";
                                        case 403 ->
                                            "it answered HTTP 403: the webhook's service account may not create "
                                                    + resource;
                                        default -> "it answered HTTP " + e.getCode();
                                    });
                        }
                    },
                    executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(
                    new ReviewUnavailableException("too many API calls are being reviewed"));
        }
    }

    /** A copy that fails after {@link #REVIEW_TIMEOUT}, leaving the shared review to finish for others. */
    private static <T> CompletableFuture<T> timed(CompletableFuture<T> shared) {
        return shared.copy().orTimeout(REVIEW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
