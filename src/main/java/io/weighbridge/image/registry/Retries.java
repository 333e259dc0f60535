package io.weighbridge.image.registry;

import io.weighbridge.image.Futures;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends again what may safely be sent again, and only while the deadline allows: a connection
 * that failed before any answer, and 429/502/503/504, at most {@value #MAX_ATTEMPTS} attempts,
 * after an exponential backoff or the registry's {@code Retry-After}, whichever is longer. A wait
 * that would pass the deadline is not started: the answer in hand is given at once.
 */
final class Retries implements Transport {
    static final int MAX_ATTEMPTS = 3;
    private static final long FIRST_BACKOFF_MILLIS = 200;
    private static final Set<Integer> RETRYABLE_STATUSES = Set.of(429, 502, 503, 504);

    private final Transport inner;

    Retries(Transport inner) {
        this.inner = inner;
    }

    @Override
    public CompletableFuture<RegistryResponse> send(RegistryRequest request) {
        return attempt(request, 1);
    }

    private CompletableFuture<RegistryResponse> attempt(RegistryRequest request, int attempt) {
        return inner.send(request)
                .handle((response, failure) -> {
                    Throwable cause = failure == null ? null : Futures.cause(failure);
                    long delay;
                    if (cause != null) {
                        if (!(cause instanceof ConnectionFailedException) || attempt >= MAX_ATTEMPTS) {
                            return CompletableFuture.<RegistryResponse>failedFuture(plain(cause));
                        }
                        delay = backoff(attempt);
                    } else {
                        if (!RETRYABLE_STATUSES.contains(response.status()) || attempt >= MAX_ATTEMPTS) {
                            return CompletableFuture.completedFuture(response);
                        }
                        delay = Math.max(
                                backoff(attempt), retryAfterMillis(response).orElse(0L));
                    }
                    if (delay >= request.deadline().remainingMillis()) {
                        // Waiting would pass the deadline: answer now with what we have.
                        return cause != null
                                ? CompletableFuture.<RegistryResponse>failedFuture(plain(cause))
                                : CompletableFuture.completedFuture(response);
                    }
                    CompletableFuture<RegistryResponse> retried = new CompletableFuture<>();
                    request.deadline()
                            .sooner(Duration.ofMillis(Math.max(1, delay)))
                            .whenOver(() -> attempt(request, attempt + 1).whenComplete((r, f) -> {
                                if (f != null) {
                                    retried.completeExceptionally(Futures.cause(f));
                                } else {
                                    retried.complete(r);
                                }
                            }));
                    return retried;
                })
                .thenCompose(next -> next);
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
                    return Optional.of(Math.max(
                            0, Duration.between(ZonedDateTime.now(), at).toMillis()));
                } catch (RuntimeException notADate) {
                    return Optional.empty();
                }
            }
        });
    }

    /** Once retries are over, a connection failure is a plain failure: no layer above sends it again. */
    private static Throwable plain(Throwable failure) {
        return failure instanceof ConnectionFailedException connection
                ? new RegistryException(connection.getMessage(), true, connection.outcome())
                : failure;
    }
}
