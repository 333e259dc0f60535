package io.weighbridge.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny scripted server on 127.0.0.1 for faults a real registry cannot produce (stalls,
 * lies, oversized answers, hostile redirects). Not a registry: each test scripts the answers.
 * Public for the soak ({@code bench/soak/run}), whose hostile images it serves.
 */
public final class ScriptedRegistry implements AutoCloseable {

    public interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final String bindAddress;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    /** Answers what no route names; {@code null} for the registry's 404. */
    private volatile Handler otherwise;

    final AtomicInteger requests = new AtomicInteger();
    /** {@code METHOD path} and the Authorization header ({@code "-"} when absent) of every request, in arrival order. */
    final java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Released by {@link #close()}: handlers that stall wait on it, so no thread outlives the test. */
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);

    public ScriptedRegistry() throws IOException {
        this("127.0.0.1");
    }

    /** Listens on another loopback address ({@code 127.0.0.2}), so a test can allow one and not the other. */
    ScriptedRegistry(String bindAddress) throws IOException {
        this(bindAddress, 0);
    }

    /** On a given port too (0 for any), so two addresses can serve the same {@code host:port}. */
    ScriptedRegistry(String bindAddress, int port) throws IOException {
        this.bindAddress = bindAddress;
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath() + " " + (authorization == null ? "-" : authorization));
            String key =
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            Handler handler = routes.getOrDefault(
                    key, routes.get("* " + exchange.getRequestURI().getPath()));
            if (handler == null) {
                handler = otherwise;
            }
            try {
                if (handler == null) {
                    respond(
                            exchange,
                            404,
                            "application/json",
                            "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"
                                    .getBytes(),
                            Map.of());
                } else {
                    handler.handle(exchange);
                }
            } catch (IOException ignored) {
                // the client went away (a reset by design in several tests)
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String hostPort() {
        return bindAddress + ":" + port();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** A handler that accepts the request and never answers, until the registry closes. */
    public Handler stall() {
        return exchange -> {
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    ScriptedRegistry on(String methodAndPath, Handler handler) {
        routes.put(methodAndPath, handler);
        return this;
    }

    /** Drops every route and what was seen: a long fuzz run scripts a new image for each input. */
    void forget() {
        routes.clear();
        seen.clear();
    }

    /** Every request no route names goes to {@code handler} (a registry that stalls on every path). */
    public ScriptedRegistry otherwise(Handler handler) {
        this.otherwise = handler;
        return this;
    }

    public static void respond(
            HttpExchange exchange, int status, String contentType, byte[] body, Map<String, String> headers)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
