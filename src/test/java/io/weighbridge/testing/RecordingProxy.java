package io.weighbridge.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.weighbridge.image.ImageReference;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A plain-HTTP proxy on 127.0.0.1 in front of a {@link TestRegistry} that records every request
 * ({@code "GET /v2/app/small/manifests/1.0"}) when it arrives, before forwarding it. The
 * registry's own access log is off and written after it answers, so counting here is exact
 * and needs no waiting. It can also hold answers back until a test releases them, to make the
 * real registry slow.
 */
public final class RecordingProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer", "host");

    private final Vertx vertx;
    private final HttpServer server;
    private final HttpClient client;
    private final String upstreamHost;
    private final int upstreamPort;
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private final String listenHost;
    private final List<Hold> holds = new CopyOnWriteArrayList<>();
    private volatile long latencyMillis;

    private record Hold(Predicate<String> matches, CompletableFuture<Void> release) {}

    private RecordingProxy(Vertx vertx, TestRegistry upstream, String listenHost) {
        this.vertx = vertx;
        this.listenHost = listenHost;
        String[] hostAndPort = upstream.hostPort().split(":");
        this.upstreamHost = hostAndPort[0];
        this.upstreamPort = Integer.parseInt(hostAndPort[1]);
        this.client = vertx.createHttpClient();
        this.server = vertx.createHttpServer().requestHandler(this::forward);
    }

    /** Starts a proxy to {@code upstream} on a free loopback port. */
    public static RecordingProxy in(Vertx vertx, TestRegistry upstream) {
        return listening(vertx, upstream, "127.0.0.1");
    }

    /** Starts a proxy to {@code upstream} on a free port of the IPv6 loopback address, {@code [::1]}. */
    public static RecordingProxy onIpv6Loopback(Vertx vertx, TestRegistry upstream) {
        return listening(vertx, upstream, "::1");
    }

    private static RecordingProxy listening(Vertx vertx, TestRegistry upstream, String host) {
        RecordingProxy proxy = new RecordingProxy(vertx, upstream, host);
        proxy.server.listen(0, host).toCompletionStage().toCompletableFuture().join();
        return proxy;
    }

    /** {@code 127.0.0.1:port} of the proxy ({@code [::1]:port} on the IPv6 loopback). */
    public String hostPort() {
        String host = listenHost.contains(":") ? "[" + listenHost + "]" : listenHost;
        return host + ":" + server.actualPort();
    }

    /** An image reference that reaches the upstream registry through this proxy. */
    public ImageReference reference(String repositoryAndTag) {
        return ImageReference.parse(hostPort() + "/" + repositoryAndTag);
    }

    /** {@code METHOD path?query} of every request so far, in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /**
     * Holds back every request whose {@code METHOD path} matches until the returned future
     * completes: it is recorded on arrival but reaches the registry only then.
     */
    public CompletableFuture<Void> hold(Predicate<String> requestLine) {
        Hold hold = new Hold(requestLine, new CompletableFuture<>());
        holds.add(hold);
        return hold.release;
    }

    /** Forwards every later request only after {@code latency}, as a registry that far away would answer. */
    public RecordingProxy withLatency(java.time.Duration latency) {
        this.latencyMillis = latency.toMillis();
        return this;
    }

    @Override
    public void close() {
        holds.forEach(hold -> hold.release.complete(null));
        server.close().toCompletionStage().toCompletableFuture().join();
        client.close().toCompletionStage().toCompletableFuture().join();
    }

    private void forward(HttpServerRequest request) {
        String line = request.method() + " " + request.uri();
        requests.add(line);
        request.body().onSuccess(body -> {
            CompletableFuture<?>[] gates = holds.stream()
                    .filter(hold -> hold.matches.test(line))
                    .map(Hold::release)
                    .toArray(CompletableFuture[]::new);
            long latency = latencyMillis;
            CompletableFuture.allOf(gates)
                    .thenRun(() -> vertx.runOnContext(ignored -> {
                        if (latency > 0) {
                            vertx.setTimer(latency, id -> send(request, body));
                        } else {
                            send(request, body);
                        }
                    }));
        });
    }

    private void send(HttpServerRequest request, Buffer body) {
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(upstreamHost)
                .setPort(upstreamPort)
                .setURI(request.uri())
                .setHeaders(endToEnd(request.headers()));
        client.request(options)
                .compose(upstream -> upstream.send(body))
                .compose(response -> response.body().map(answer -> {
                    reply(request, response, answer);
                    return null;
                }))
                .onFailure(failure -> {
                    if (!request.response().ended()) {
                        request.response().setStatusCode(502).end(String.valueOf(failure));
                    }
                });
    }

    private static void reply(HttpServerRequest request, HttpClientResponse response, Buffer answer) {
        if (request.response().closed()) {
            return;
        }
        request.response().setStatusCode(response.statusCode());
        request.response().headers().addAll(endToEnd(response.headers()));
        request.response().end(answer);
    }

    private static MultiMap endToEnd(MultiMap headers) {
        MultiMap copy = MultiMap.caseInsensitiveMultiMap();
        headers.forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))
                    && !name.equalsIgnoreCase("content-length")) {
                copy.add(name, value);
            }
        });
        return copy;
    }
}
