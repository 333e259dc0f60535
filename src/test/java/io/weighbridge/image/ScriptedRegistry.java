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
 */
final class ScriptedRegistry implements AutoCloseable {

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();

    ScriptedRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            Handler handler = routes.getOrDefault(key, routes.get("* " + exchange.getRequestURI().getPath()));
            try {
                if (handler == null) {
                    respond(exchange, 404, "application/json",
                            "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes(), Map.of());
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

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    ScriptedRegistry on(String methodAndPath, Handler handler) {
        routes.put(methodAndPath, handler);
        return this;
    }

    static void respond(HttpExchange exchange, int status, String contentType, byte[] body, Map<String, String> headers)
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
        server.stop(0);
    }
}
