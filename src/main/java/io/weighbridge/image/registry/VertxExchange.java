package io.weighbridge.image.registry;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.weighbridge.image.Deadline;
import io.weighbridge.metrics.MetricNames;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bottom layer: one HTTP exchange on the Vert.x client, to the address the guard checked,
 * within the per-request timeout cut short by the request's deadline. Success bodies above the
 * request's cap are refused (by Content-Length before a byte is read, else as they arrive), error
 * bodies are cut at 64 KiB, and a streamed body is handed over as an {@link ResponseInputStream}.
 *
 * <p>Everything that ends an exchange (the answer, the timeout, a cap, the reader closing a
 * stream) runs on the exchange's own Vert.x context, and the request is reset only while its
 * response is unfinished: a reset from another thread races the response inside Vert.x ("Result
 * is already complete"), and a reset after the end closes a pooled connection that already
 * serves the next request.
 */
final class VertxExchange implements Transport {
    private static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final HttpClient client;
    private final Duration requestTimeout;
    private final AtomicLong exchanges = new AtomicLong();

    VertxExchange(Vertx vertx, HttpClient client, Duration requestTimeout) {
        this.vertx = vertx;
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /** HTTP exchanges started so far (each redirect hop and retry counts). */
    long count() {
        return exchanges.get();
    }

    @Override
    public CompletableFuture<RegistryResponse> send(RegistryRequest request) {
        // Cut short by the caller's deadline, or the registry's own slowness: the user reads which.
        boolean cutByDeadline = request.deadline().remaining().compareTo(requestTimeout) < 0;
        Deadline answerBy = request.deadline().sooner(requestTimeout);
        if (answerBy.passed()) {
            return CompletableFuture.failedFuture(RegistryException.deadlinePassed(request.description()));
        }
        RegistryException late = cutByDeadline
                ? RegistryException.deadlinePassed(request.description())
                : new RegistryException(request.description() + ": " + request.target() + " did not answer within "
                        + requestTimeout.toMillis() + " ms", true, MetricNames.OUTCOME_TIMEOUT);
        Context context = vertx.getOrCreateContext();
        Exchange exchange = new Exchange(request, context, answerBy.remainingMillis(), late);
        answerBy.whenOver(() -> {
            if (!exchange.result.isDone()) {
                context.runOnContext(ignored -> exchange.fail(late));
            }
        });
        exchange.result.whenComplete((response, failure) -> answerBy.cancel());
        context.runOnContext(ignored -> exchange.start());
        return exchange.result;
    }

    /** One exchange; its methods run on its context only, so the timer and the callbacks agree on who finishes it. */
    private final class Exchange {
        final CompletableFuture<RegistryResponse> result = new CompletableFuture<>();
        private final RegistryRequest request;
        private final Context context;
        private final long timeoutMillis;
        private final RegistryException late;
        private HttpClientRequest inFlight;
        private boolean responseEnded;

        Exchange(RegistryRequest request, Context context, long timeoutMillis, RegistryException late) {
            this.request = request;
            this.context = context;
            this.timeoutMillis = Math.max(1, timeoutMillis);
            this.late = late;
        }

        void start() {
            if (result.isDone()) {
                return;
            }
            URI uri = request.uri();
            int port = RegistryRequest.port(uri);
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            RequestOptions options = new RequestOptions()
                    .setMethod(request.method())
                    .setHost(AddressCheck.withoutBrackets(uri.getHost()))
                    .setPort(port)
                    .setSsl("https".equals(uri.getScheme()))
                    .setURI(path)
                    .setFollowRedirects(false)
                    .setConnectTimeout(timeoutMillis)
                    .setIdleTimeout(timeoutMillis)
                    .putHeader("User-Agent", "weighbridge");
            // Connect to the address the guard checked; the host name still drives Host, SNI and certificate checks.
            request.address().ifPresent(address -> options.setServer(
                    SocketAddress.inetSocketAddress(port, address.getHostAddress())));
            request.headers().forEach(options::putHeader);
            // The one place an Authorization header is written: only for the origin it was issued for,
            // so a redirect to blob storage or anywhere else carries none.
            request.authorization()
                    .filter(bound -> bound.origin().equals(RegistryRequest.origin(uri)))
                    .ifPresent(bound -> options.putHeader("Authorization", bound.headerValue()));
            exchanges.incrementAndGet();
            client.request(options).onComplete(connected -> {
                if (connected.failed()) {
                    fail(classify(connected.cause()));
                    return;
                }
                HttpClientRequest sent = connected.result();
                if (result.isDone()) {
                    sent.reset();
                    return;
                }
                inFlight = sent;
                sent.send().onComplete(answered -> {
                    if (answered.succeeded()) {
                        receive(answered.result());
                    } else {
                        fail(classify(answered.cause()));
                    }
                });
            });
        }

        /** Fails the exchange once; an unfinished response is abandoned by resetting its stream. */
        void fail(RegistryException failure) {
            if (result.completeExceptionally(failure)) {
                resetUnfinished();
            }
        }

        private void resetUnfinished() {
            if (inFlight != null && !responseEnded) {
                responseEnded = true;
                inFlight.reset();
            }
        }

        private void receive(HttpClientResponse response) {
            // Resets are ours (timeouts, caps); the result already says why, so the stream's echo is dropped.
            response.exceptionHandler(ignored -> { });
            int status = response.statusCode();
            boolean success = status >= 200 && status < 300;
            if (success && request.method() == HttpMethod.HEAD) {
                response.end().onComplete(ignored -> {
                    responseEnded = true;
                    complete(status, response, new byte[0]);
                });
                return;
            }
            if (success && request.streamed()) {
                ResponseInputStream body = new ResponseInputStream(context, response, request.deadline(), requestTimeout,
                        () -> responseEnded = true, () -> context.runOnContext(ignored -> resetUnfinished()));
                if (!result.complete(new RegistryResponse(status, response.headers(), new byte[0], request.uri(), Optional.of(body)))) {
                    body.close();
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
                        complete(status, response, body.getBytes());
                        resetUnfinished();
                    }
                    return;
                }
                body.appendBuffer(chunk);
            });
            response.exceptionHandler(failure -> fail(classify(failure)));
            response.endHandler(ignored -> {
                responseEnded = true;
                complete(status, response, body.getBytes());
            });
        }

        private void complete(int status, HttpClientResponse response, byte[] body) {
            result.complete(new RegistryResponse(status, response.headers(), body, request.uri(), Optional.empty()));
        }

        private RegistryException tooLarge(long declared, long cap) {
            return new RegistryException(request.description() + ": " + request.redactedUri() + " answered "
                    + (declared >= 0 ? declared + " bytes" : "more") + ", above the limit of " + cap + " bytes");
        }

        private RegistryException classify(Throwable failure) {
            if (failure instanceof RegistryException registryException) {
                return registryException;
            }
            String outcome = FailureWords.outcomeOf(failure);
            String where = request.target();
            if (MetricNames.OUTCOME_TIMEOUT.equals(outcome)) {
                // Vert.x's connect and idle timeouts race ours at the same instant: either way the user reads the same reason.
                return late;
            }
            if (FailureWords.beforeAnyAnswer(failure)) {
                return new ConnectionFailedException(request.description() + ": cannot connect to " + where
                        + " (" + FailureWords.of(failure) + ")", outcome);
            }
            if (FailureWords.tls(failure)) {
                return new RegistryException(request.description() + ": TLS with " + where + " failed ("
                        + FailureWords.tlsReason(failure) + ")", true, outcome);
            }
            return new RegistryException(request.description() + ": request to " + where + " failed ("
                    + FailureWords.of(failure) + ")", true, outcome);
        }
    }

    private static long parseLength(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
