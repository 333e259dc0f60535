package io.weighbridge.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.weighbridge.access.ApiDecision.Granted;
import io.weighbridge.access.ApiDecision.Refused;
import io.weighbridge.metrics.MetricNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response.Status;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Decides who may call {@code POST /api/v1/check} and {@code GET /api/v1/audit}, and whether a
 * caller may have images weighed with a namespace's pull secrets.
 *
 * <p>With a Kubernetes API (always so in a pod), a caller sends a bearer token; the API
 * authenticates it (TokenReview) and authorises the request (SubjectAccessReview on {@link
 * ResourceAccess#CHECK} or {@link ResourceAccess#AUDIT}). A request arriving on loopback is not
 * trusted then: {@code kubectl port-forward} arrives there too. Without a Kubernetes API
 * ({@code quarkus:run} on a laptop) only callers on this machine's loopback addresses are
 * answered, unauthenticated.
 */
@ApplicationScoped
public class ApiAccess {
    private static final Logger LOG = Logger.getLogger(ApiAccess.class);
    private static final int MAX_TOKEN_CHARS = 16 * 1024;
    static final String ROLE_HINT = "an admin binds the ClusterRole weighbridge-api-user to let a user call this API";

    /** How callers are let in, from the settings and whether there is a Kubernetes API. */
    enum Mode {
        OFF,
        CLUSTER,
        LOOPBACK_ONLY,
        OPEN;

        static Mode of(ApiAccessConfig config, boolean kubernetesApi) {
            if (!config.enabled()) {
                return OFF;
            }
            return switch (config.authentication()) {
                case KUBERNETES -> CLUSTER;
                case NONE -> OPEN;
                case AUTO -> kubernetesApi ? CLUSTER : LOOPBACK_ONLY;
            };
        }
    }

    /** Known once the Kubernetes API is (its client is built beside the start): callers before then wait, unblocked. */
    private final CompletableFuture<Mode> mode;

    private final ClusterReviews reviews;
    private final MeterRegistry meters;

    @Inject
    ApiAccess(ApiAccessConfig config, ClusterReviews reviews, MeterRegistry meters) {
        this(reviews.known().thenApply(known -> Mode.of(config, reviews.available())), reviews, meters);
    }

    ApiAccess(Mode mode, ClusterReviews reviews, MeterRegistry meters) {
        this(CompletableFuture.completedFuture(mode), reviews, meters);
    }

    private ApiAccess(CompletableFuture<Mode> mode, ClusterReviews reviews, MeterRegistry meters) {
        this.mode = mode;
        this.reviews = reviews;
        this.meters = meters;
    }

    void announce(@Observes StartupEvent started) {
        mode.thenAccept(ApiAccess::announce);
    }

    private static void announce(Mode mode) {
        switch (mode) {
            case OPEN ->
                LOG.warn("The dry-run and audit API answers anyone who reaches it, unauthenticated"
                        + " (weighbridge.api.authentication=none); namespace pull secrets are never used for it");
            case LOOPBACK_ONLY ->
                LOG.debug("No Kubernetes API: the dry-run and audit API answers only callers on loopback");
            case CLUSTER ->
                LOG.debug("The dry-run and audit API answers callers the Kubernetes API authenticates and authorises");
            case OFF -> LOG.debug("The dry-run and audit API is off (weighbridge.api.enabled=false)");
        }
    }

    /** Whether the caller of this HTTP request may do what is asked, by its Authorization header and address. */
    public CompletableFuture<ApiDecision> authorize(HttpServerRequest request, ResourceAccess access) {
        SocketAddress remote = request.remoteAddress();
        return authorize(
                request.getHeader(HttpHeaders.AUTHORIZATION), remote == null ? null : remote.hostAddress(), access);
    }

    /**
     * @param authorization the request's {@code Authorization} header, or {@code null}
     * @param remoteHost the address the request came from
     */
    public CompletableFuture<ApiDecision> authorize(String authorization, String remoteHost, ResourceAccess access) {
        return mode.thenCompose(known -> authorize(known, authorization, remoteHost, access));
    }

    private CompletableFuture<ApiDecision> authorize(
            Mode mode, String authorization, String remoteHost, ResourceAccess access) {
        CompletableFuture<ApiDecision> decision = switch (mode) {
            case OFF -> refused(Status.NOT_FOUND, "the dry-run and audit API is off (weighbridge.api.enabled=false)");
            case OPEN -> granted(Caller.UNAUTHENTICATED);
            case LOOPBACK_ONLY ->
                isLoopback(remoteHost)
                        ? granted(Caller.UNAUTHENTICATED)
                        : refused(
                                Status.FORBIDDEN,
                                "no Kubernetes API to authenticate callers with, so only callers on this"
                                        + " machine are answered (weighbridge.api.authentication=none answers everyone)");
            case CLUSTER -> authorizeByCluster(authorization, access);
        };
        return decision.thenApply(answer -> counted(answer, access));
    }

    /**
     * Why the caller may not have images weighed with the pull secrets of a namespace; empty when
     * it may (or when there is no Kubernetes API to read secrets from anyway).
     */
    public CompletableFuture<Optional<String>> whyNotPullSecrets(Caller caller, String namespace) {
        return reviews.known().thenCompose(known -> whyNotPullSecretsOnceKnown(caller, namespace));
    }

    private CompletableFuture<Optional<String>> whyNotPullSecretsOnceKnown(Caller caller, String namespace) {
        String not = "the pull secrets of namespace " + namespace + " were not used: ";
        String instead = "; weighed anonymously and with the webhook's auth file";
        if (!reviews.available()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (!caller.authenticated()) {
            return CompletableFuture.completedFuture(Optional.of(
                    not + "the caller is not authenticated (weighbridge.api.authentication=none)" + instead));
        }
        return reviews.allowed(caller.user(), ResourceAccess.secretsIn(namespace))
                .handle((allowed, failure) -> {
                    if (failure != null) {
                        return Optional.of(
                                not + "whether " + caller.name() + " may get secrets there could not be checked ("
                                        + unavailable(failure) + ")" + instead);
                    }
                    return allowed
                            ? Optional.<String>empty()
                            : Optional.of(not + caller.name() + " may not get secrets there" + instead);
                });
    }

    private CompletableFuture<ApiDecision> authorizeByCluster(String authorization, ResourceAccess access) {
        if (authorization == null || authorization.isBlank()) {
            return refused(
                    Status.UNAUTHORIZED,
                    "no bearer token: send Authorization: Bearer TOKEN with a Kubernetes token (kubectl create token)");
        }
        Optional<String> token = bearerToken(authorization);
        if (token.isEmpty()) {
            return refused(Status.UNAUTHORIZED, "the Authorization header is not Bearer TOKEN");
        }
        return reviews.authenticate(token.get())
                .thenCompose(user -> {
                    if (user.isEmpty()) {
                        return refused(Status.UNAUTHORIZED, "the Kubernetes API did not authenticate the bearer token");
                    }
                    Caller caller = new Caller(user.get());
                    return reviews.allowed(caller.user(), access).handle((allowed, failure) -> {
                        if (failure != null) {
                            return new Refused(
                                    Status.SERVICE_UNAVAILABLE,
                                    "cannot authorise the caller: the Kubernetes API did not answer the SubjectAccessReview ("
                                            + unavailable(failure) + ")");
                        }
                        return allowed
                                ? new Granted(caller)
                                : new Refused(
                                        Status.FORBIDDEN,
                                        caller.name() + " may not " + access + " (" + ROLE_HINT + ")");
                    });
                })
                .exceptionally(failure -> new Refused(
                        Status.SERVICE_UNAVAILABLE,
                        "cannot authenticate the caller: the Kubernetes API did not answer the TokenReview ("
                                + unavailable(failure) + ")"));
    }

    private ApiDecision counted(ApiDecision decision, ResourceAccess access) {
        String result = "granted";
        if (decision instanceof Refused refused) {
            result = switch (refused.status()) {
                case UNAUTHORIZED -> "unauthenticated";
                case FORBIDDEN -> "forbidden";
                case NOT_FOUND -> "off";
                default -> "unavailable";
            };
        }
        Counter.builder(MetricNames.API_REQUESTS)
                .description("Calls of the dry-run and audit API, by whether the caller was let in")
                .tag("endpoint", access.resource())
                .tag("result", result)
                .register(meters)
                .increment();
        if (decision instanceof Refused refused) {
            LOG.debugf("API %s refused (%d): %s", access, refused.status().getStatusCode(), refused.reason());
        }
        return decision;
    }

    static Optional<String> bearerToken(String authorization) {
        String header = authorization.strip();
        if (header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).strip();
        boolean wellFormed = !token.isEmpty()
                && token.length() <= MAX_TOKEN_CHARS
                && token.chars().noneMatch(c -> c <= ' ' || c > '~');
        return wellFormed ? Optional.of(token) : Optional.empty();
    }

    static boolean isLoopback(String remoteHost) {
        if (remoteHost == null || remoteHost.isBlank() || !remoteHost.matches("[0-9a-fA-F:.%]+")) {
            return false; // only an IP literal: never resolve a name here
        }
        try {
            return InetAddress.getByName(remoteHost).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String unavailable(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "no answer within " + ClusterReviews.REVIEW_TIMEOUT.toSeconds() + " s";
        }
        if (cause instanceof ClusterReviews.ReviewUnavailableException) {
            return cause.getMessage();
        }
        LOG.warnf(cause, "a review of an API caller failed unexpectedly");
        return "an unexpected failure, logged";
    }

    private static CompletableFuture<ApiDecision> granted(Caller caller) {
        return CompletableFuture.completedFuture(new Granted(caller));
    }

    private static CompletableFuture<ApiDecision> refused(Status status, String reason) {
        return CompletableFuture.completedFuture(new Refused(status, reason));
    }
}
