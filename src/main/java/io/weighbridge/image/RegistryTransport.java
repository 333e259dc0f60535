package io.weighbridge.image;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.weighbridge.metrics.MetricNames;
import io.weighbridge.metrics.RegistryMetrics;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * HTTP to registries on the Vert.x client: every host checked by the {@link AddressGuard} and
 * connected to at the checked address, HTTPS unless the host is listed as plain HTTP,
 * redirects followed by hand, bodies capped, one timer per request that also honours the
 * weighing deadline, retries only where they are safe, and a bound on requests in flight.
 *
 * <p>Not jib-core's RegistryClient: it has no deadline and retries for minutes, cannot send
 * HEAD, hides the raw manifest bytes (so digests cannot be verified), falls back to unverified
 * HTTPS and plain HTTP, and follows token realms and redirects anywhere with credentials.
 */
final class RegistryTransport {
    static final int MAX_REDIRECTS = 5;
    static final int MAX_ATTEMPTS = 3;
    private static final long MAX_ERROR_BODY_BYTES = 64 * 1024;
    private static final long FIRST_BACKOFF_MILLIS = 200;
    private static final Set<Integer> RETRYABLE_STATUSES = Set.of(429, 502, 503, 504);
    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);

    private final Vertx vertx;
    private final HttpClient client;
    private final AddressGuard guard;
    private final Set<String> plainHttpHosts;
    private final Executor resolverExecutor;
    private final RequestPermits permits;
    private final Duration requestTimeout;
    private final AtomicLong exchanges = new AtomicLong();
    private final RegistryMetrics metrics;

    RegistryTransport(Vertx vertx, HttpClient client, AddressGuard guard, Set<String> plainHttpHosts,
            Executor resolverExecutor, RequestPermits permits, Duration requestTimeout, RegistryMetrics metrics) {
        this.metrics = metrics;
        this.vertx = vertx;
        this.client = client;
        this.guard = guard;
        this.plainHttpHosts = Set.copyOf(plainHttpHosts);
        this.resolverExecutor = resolverExecutor;
        this.permits = permits;
        this.requestTimeout = requestTimeout;
    }

    /** HTTP exchanges started so far (each redirect hop and retry counts). */
    long exchangeCount() {
        return exchanges.get();
    }

    boolean plainHttpAllowed(URI uri) {
        return plainHttpHosts.contains(RegistryRequest.hostAndPort(uri));
    }

    /** Sends and buffers the body (up to the request's cap). */
    CompletableFuture<RegistryResponse> send(RegistryRequest request, Deadline deadline) {
        return follow(request, deadline, false, 0);
    }

    /**
     * Sends and hands a successful body over as a stream to read on a worker thread; the caller
     * must close it. Error bodies are buffered as usual.
     */
    CompletableFuture<RegistryResponse> open(RegistryRequest request, Deadline deadline) {
        return follow(request, deadline, true, 0);
    }

    private CompletableFuture<RegistryResponse> follow(RegistryRequest request, Deadline deadline, boolean stream, int hops) {
        return withRetries(request, deadline, stream, 1).thenCompose(response -> {
            if (!REDIRECT_STATUSES.contains(response.status())) {
                return CompletableFuture.completedFuture(response);
            }
            if (hops >= MAX_REDIRECTS) {
                return CompletableFuture.failedFuture(new RegistryException(
                        request.activity() + ": more than " + MAX_REDIRECTS + " redirects from " + request.redactedUri()));
            }
            Optional<URI> target = response.header("Location").flatMap(location -> resolve(request.uri(), location));
            if (target.isEmpty()) {
                return CompletableFuture.failedFuture(new RegistryException(request.activity() + ": redirect "
                        + response.status() + " from " + request.redactedUri() + " without a usable Location"));
            }
            // The authorization travels along but is written only for its own origin (see Exchange.start).
            return follow(request.withUri(target.get()), deadline, stream, hops + 1);
        });
    }

    private static Optional<URI> resolve(URI base, String location) {
        try {
            URI target = base.resolve(location.trim());
            boolean usable = target.getHost() != null
                    && ("https".equals(target.getScheme()) || "http".equals(target.getScheme()));
            return usable ? Optional.of(target) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private CompletableFuture<RegistryResponse> withRetries(RegistryRequest request, Deadline deadline, boolean stream, int attempt) {
        return exchange(request, deadline, stream).handle((response, failure) -> {
            Throwable cause = unwrap(failure);
            long delay;
            if (cause != null) {
                if (!(cause instanceof RetryableException) || attempt >= MAX_ATTEMPTS) {
                    return CompletableFuture.<RegistryResponse>failedFuture(plain(cause));
                }
                delay = backoff(attempt);
            } else {
                if (!RETRYABLE_STATUSES.contains(response.status()) || attempt >= MAX_ATTEMPTS) {
                    return CompletableFuture.completedFuture(response);
                }
                delay = Math.max(backoff(attempt), retryAfterMillis(response).orElse(0L));
            }
            if (delay >= deadline.remainingMillis()) {
                // Waiting would pass the deadline: answer now with what we have.
                return cause != null
                        ? CompletableFuture.<RegistryResponse>failedFuture(plain(cause))
                        : CompletableFuture.completedFuture(response);
            }
            CompletableFuture<RegistryResponse> retried = new CompletableFuture<>();
            vertx.setTimer(Math.max(1, delay), id -> withRetries(request, deadline, stream, attempt + 1)
                    .whenComplete((r, f) -> {
                        if (f != null) {
                            retried.completeExceptionally(unwrap(f));
                        } else {
                            retried.complete(r);
                        }
                    }));
            return retried;
        }).thenCompose(f -> f);
    }

    private static long backoff(int attempt) {
        long base = FIRST_BACKOFF_MILLIS << (attempt - 1);
        return base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    static Optional<Long> retryAfterMillis(RegistryResponse response) {
        return response.header("Retry-After").flatMap(value -> {
            String trimmed = value.trim();
            try {
                return Optional.of(Math.max(0, Long.parseLong(trimmed)) * 1000);
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
                    return Optional.of(Math.max(0, Duration.between(ZonedDateTime.now(), at).toMillis()));
                } catch (RuntimeException notADate) {
                    return Optional.empty();
                }
            }
        });
    }

    /** One HTTP exchange, once the deadline's pace lets it go (a refused one needs no turn). */
    private CompletableFuture<RegistryResponse> exchange(RegistryRequest request, Deadline deadline, boolean stream) {
        URI uri = request.uri();
        boolean https = "https".equals(uri.getScheme());
        if (!https && !plainHttpAllowed(uri)) {
            metrics.refused(RegistryRequest.hostAndPort(uri));
            return CompletableFuture.failedFuture(new RegistryException(request.activity() + ": refused plain HTTP to "
                    + RegistryRequest.hostAndPort(uri) + " (not listed in weighbridge.registry.plain-http)"));
        }
        CompletableFuture<Void> turn = deadline.pace().next();
        if (turn.isDone()) {
            return exchangeNow(request, deadline, stream);
        }
        return turn.copy().orTimeout(Math.max(1, deadline.remainingMillis()), TimeUnit.MILLISECONDS)
                .handle((go, late) -> late == null
                        ? exchangeNow(request, deadline, stream)
                        : CompletableFuture.<RegistryResponse>failedFuture(
                                RegistryException.deadlinePassed(request.activity() + " (waiting for the request rate limit)")))
                .thenCompose(f -> f);
    }

    /** One HTTP exchange: guard, permit, request, body; one timer bounds all of it. */
    private CompletableFuture<RegistryResponse> exchangeNow(RegistryRequest request, Deadline deadline, boolean stream) {
        URI uri = request.uri();
        long timeoutMillis = deadline.requestTimeoutMillis(requestTimeout);
        if (timeoutMillis <= 0) {
            return CompletableFuture.failedFuture(RegistryException.deadlinePassed(request.activity()));
        }
        Exchange exchange = new Exchange(request, stream, deadline);
        long startedNanos = System.nanoTime();
        exchange.result.whenComplete((response, failure) -> metrics.exchange(RegistryRequest.hostAndPort(uri),
                response != null ? RegistryMetrics.outcomeOf(response.status()) : exchange.failureOutcome,
                System.nanoTime() - startedNanos));
        boolean cutByDeadline = timeoutMillis < requestTimeout.toMillis();
        // Our timer and Vert.x's own connect/idle timeouts race at the same instant: either way
        // the user reads the same reason.
        exchange.timeoutReason = cutByDeadline
                ? RegistryException.deadlinePassed(request.activity())
                : new RegistryException(request.activity() + ": " + RegistryRequest.hostAndPort(uri)
                        + " did not answer within " + requestTimeout.toMillis() + " ms");
        long timer = vertx.setTimer(timeoutMillis, id -> exchange.timeOut(exchange.timeoutReason));
        exchange.result.whenComplete((r, f) -> vertx.cancelTimer(timer));

        String host = stripBrackets(uri.getHost());
        CompletableFuture.supplyAsync(() -> guard.resolve(host), resolverExecutor)
                .thenCompose(address -> {
                    CompletableFuture<RequestPermits.Permit> permit = permits.acquire();
                    exchange.result.whenComplete((r, f) -> permit.completeExceptionally(
                            new IllegalStateException("gave up waiting")));
                    // Start on an event-loop context: issued from the resolver thread, the response could
                    // arrive and end before its handlers are attached, and the exchange would hang till its timer.
                    return permit.thenAccept(p -> vertx.getOrCreateContext()
                            .runOnContext(ignored -> {
                                try {
                                    exchange.start(address, p, timeoutMillis);
                                } catch (RuntimeException e) {
                                    p.close();
                                    exchange.fail(e);
                                }
                            }));
                })
                .exceptionally(failure -> {
                    exchange.fail(unwrap(failure));
                    return null;
                });
        return exchange.result;
    }

    /** The state of one exchange, so the timer and the callbacks agree on who finishes it. */
    private final class Exchange {
        final CompletableFuture<RegistryResponse> result = new CompletableFuture<>();
        private final RegistryRequest request;
        private final boolean stream;
        private final Deadline deadline;
        /** Why this exchange failed if it runs out of time. */
        private volatile RegistryException timeoutReason;
        private final AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        private final AtomicReference<RequestPermits.Permit> permit = new AtomicReference<>();
        private volatile boolean streamHandedOver;
        /** The metrics outcome should the exchange fail. */
        volatile String failureOutcome = MetricNames.OUTCOME_ERROR;

        Exchange(RegistryRequest request, boolean stream, Deadline deadline) {
            this.request = request;
            this.stream = stream;
            this.deadline = deadline;
            result.whenComplete((r, f) -> {
                if (f != null) {
                    HttpClientRequest req = inFlight.get();
                    if (req != null) {
                        req.reset(0, f);
                    }
                }
                if (!streamHandedOver) {
                    releasePermit();
                }
            });
        }

        void fail(Throwable failure) {
            if (!result.isDone() && failure instanceof AddressGuard.AddressRefusedException) {
                failureOutcome = MetricNames.OUTCOME_REFUSED;
            }
            result.completeExceptionally(failure);
        }

        void timeOut(Throwable failure) {
            if (!result.isDone()) {
                failureOutcome = MetricNames.OUTCOME_TIMEOUT;
            }
            result.completeExceptionally(failure);
        }

        private void releasePermit() {
            RequestPermits.Permit held = permit.getAndSet(null);
            if (held != null) {
                held.close();
            }
        }

        void start(InetAddress address, RequestPermits.Permit granted, long timeoutMillis) {
            permit.set(granted);
            if (result.isDone()) {
                releasePermit();
                return;
            }
            URI uri = request.uri();
            int port = RegistryRequest.port(uri);
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            RequestOptions options = new RequestOptions()
                    .setMethod(request.method())
                    .setHost(stripBrackets(uri.getHost()))
                    .setPort(port)
                    .setSsl("https".equals(uri.getScheme()))
                    // Connect to the address the guard checked; the host name still drives Host, SNI and certificate checks.
                    .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                    .setURI(path)
                    .setFollowRedirects(false)
                    .setConnectTimeout(timeoutMillis)
                    .setIdleTimeout(timeoutMillis)
                    .putHeader("User-Agent", "weighbridge");
            request.headers().forEach(options::putHeader);
            // The one place an Authorization header is written: only for the origin it was issued for,
            // so a redirect to blob storage or anywhere else carries none.
            request.authorization()
                    .filter(bound -> bound.origin().equals(RegistryRequest.origin(uri)))
                    .ifPresent(bound -> options.putHeader("Authorization", bound.headerValue()));
            exchanges.incrementAndGet();
            client.request(options)
                    .compose(req -> {
                        inFlight.set(req);
                        if (result.isDone()) {
                            req.reset();
                        }
                        return req.send();
                    })
                    .onSuccess(this::receive)
                    .onFailure(failure -> fail(classify(failure)));
        }

        private void receive(HttpClientResponse response) {
            // Resets are ours (timeouts, caps); the result already says why, so the stream's echo is dropped.
            response.exceptionHandler(ignored -> { });
            int status = response.statusCode();
            boolean success = status >= 200 && status < 300;
            if (success && request.method() == HttpMethod.HEAD) {
                response.end().onComplete(ignored -> result.complete(
                        new RegistryResponse(status, response.headers(), new byte[0], request.uri(), Optional.empty())));
                return;
            }
            if (success && stream) {
                streamHandedOver = true;
                Context context = Vertx.currentContext();
                InputStream body = new ResponseInputStream(context, response, deadline, () -> {
                    HttpClientRequest req = inFlight.get();
                    if (req != null) {
                        req.reset();
                    }
                    releasePermit();
                });
                if (!result.complete(new RegistryResponse(status, response.headers(), new byte[0], request.uri(), Optional.of(body)))) {
                    try {
                        body.close();
                    } catch (java.io.IOException ignored) {
                        // close() of ResponseInputStream does not throw
                    }
                }
                return;
            }
            long cap = success ? request.maxBodyBytes() : MAX_ERROR_BODY_BYTES;
            long declared = parseLength(response.getHeader("Content-Length"));
            if (success && declared > cap) {
                fail(tooLarge(declared, cap));
                return;
            }
            Buffer body = Buffer.buffer();
            response.handler(chunk -> {
                if (result.isDone()) {
                    return;
                }
                if (body.length() + chunk.length() > cap) {
                    if (success) {
                        fail(tooLarge(-1, cap));
                    } else {
                        body.appendBuffer(chunk, 0, (int) (cap - body.length()));
                        completeWith(status, response, body);
                    }
                    return;
                }
                body.appendBuffer(chunk);
            });
            response.exceptionHandler(failure -> fail(classify(failure)));
            response.endHandler(ignored -> completeWith(status, response, body));
        }

        private void completeWith(int status, HttpClientResponse response, Buffer body) {
            result.complete(new RegistryResponse(status, response.headers(), body.getBytes(), request.uri(), Optional.empty()));
        }

        private RegistryException tooLarge(long declared, long cap) {
            return new RegistryException(request.activity() + ": " + request.redactedUri() + " answered "
                    + (declared >= 0 ? declared + " bytes" : "more") + ", above the limit of " + cap + " bytes");
        }

        private WeighingException classify(Throwable failure) {
            String where = RegistryRequest.hostAndPort(request.uri());
            if (failure instanceof RegistryException registryException) {
                return registryException;
            }
            String outcome = outcomeOf(failure);
            if (!result.isDone()) {
                failureOutcome = outcome;
            }
            if (MetricNames.OUTCOME_TIMEOUT.equals(outcome) && timeoutReason != null) {
                return timeoutReason;
            }
            if (failure instanceof ConnectException || failure instanceof NoRouteToHostException
                    || failure instanceof HttpClosedException) {
                return new RetryableException(request.activity() + ": cannot connect to " + where
                        + " (" + OneLine.cap(String.valueOf(failure.getMessage()), 120) + ")");
            }
            if (failure instanceof SSLException || failure.getCause() instanceof SSLException) {
                // The outer exception only says "Failed to create SSL connection"; the innermost cause names the reason.
                Throwable root = failure;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                return new RegistryException(request.activity() + ": TLS with " + where + " failed ("
                        + OneLine.cap(String.valueOf(root.getMessage()), 160) + ")");
            }
            return new RegistryException(request.activity() + ": request to " + where + " failed ("
                    + OneLine.cap(failure.getClass().getSimpleName() + ": " + failure.getMessage(), 160) + ")");
        }
    }

    /** A connection timeout is a ConnectException too: timeouts are told apart by name first. */
    private static String outcomeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return MetricNames.OUTCOME_TIMEOUT;
            }
        }
        if (failure instanceof ConnectException || failure instanceof NoRouteToHostException) {
            return MetricNames.OUTCOME_REFUSED;
        }
        return MetricNames.OUTCOME_ERROR;
    }

    private static long parseLength(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Retryable failures are plain registry failures once retries are over. */
    private static Throwable plain(Throwable failure) {
        return failure instanceof RetryableException retryable
                ? new RegistryException(retryable.getMessage())
                : failure;
    }

    /** A connection failure before any answer: safe to try an idempotent request again. */
    static final class RetryableException extends RegistryException {
        RetryableException(String reason) {
            super(reason);
        }
    }
}
