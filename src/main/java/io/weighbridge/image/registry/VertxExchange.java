package io.weighbridge.image.registry;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.weighbridge.image.Deadline;
import io.weighbridge.metrics.MetricNames;
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
                : new RegistryException(
                        request.description() + ": " + request.route() + " did not answer within "
                                + requestTimeout.toMillis() + " ms",
                        true,
                        MetricNames.OUTCOME_TIMEOUT);
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
            RequestOptions options = ExchangeOptions.of(request, timeoutMillis);
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
            response.exceptionHandler(ignored -> {});
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
                ResponseInputStream body = new ResponseInputStream(
                        context,
                        response,
                        request.deadline(),
                        requestTimeout,
                        () -> responseEnded = true,
                        () -> context.runOnContext(ignored -> resetUnfinished()));
                if (!result.complete(new RegistryResponse(
                        status, response.headers(), new byte[0], request.uri(), Optional.of(body)))) {
                    body.close();
                }
                return;
            }
            long cap = BodyLimits.cap(request, success);
            long declared = BodyLimits.declaredLength(response);
            if (success && declared > cap) {
                fail(BodyLimits.tooLarge(request, declared, cap));
                return;
            }
            Buffer body = Buffer.buffer();
            response.handler(chunk -> {
                if (result.isDone()) {
                    return;
                }
                if (body.length() + chunk.length() > cap) {
                    if (success) {
                        fail(BodyLimits.tooLarge(request, -1, cap));
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

        private RegistryException classify(Throwable failure) {
            return FailureWords.failure(request, failure, late);
        }
    }
}
