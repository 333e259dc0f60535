package io.weighbridge.admission;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry on 127.0.0.1 that wants Basic credentials for everything and remembers every
 * request line and every Authorization header it was offered.
 *
 * <p>Its port is chosen once per JVM ({@link #port()}, kept in a system property) so the test
 * profile can list it as plain HTTP before Quarkus starts; the server itself is started by the
 * test's own copy of this class ({@link #get()}): Quarkus loads test classes again in its own
 * class loader, and each copy has its own static fields.
 */
final class AuthorizationRecorder {
    private static final String PORT_PROPERTY = "weighbridge.test.authorization-recorder.port";
    private static AuthorizationRecorder instance;

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private AuthorizationRecorder(HttpServer server) {
        this.server = server;
    }

    static synchronized AuthorizationRecorder get() {
        if (instance == null) {
            instance = start(port());
        }
        return instance;
    }

    /** The port the recorder listens on, or will: chosen free on first use, the same in every class loader. */
    static int port() {
        synchronized (System.class) {
            String chosen = System.getProperty(PORT_PROPERTY);
            if (chosen == null) {
                try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    chosen = Integer.toString(probe.getLocalPort());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                System.setProperty(PORT_PROPERTY, chosen);
            }
            return Integer.parseInt(chosen);
        }
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private static AuthorizationRecorder start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            AuthorizationRecorder recorder = new AuthorizationRecorder(server);
            server.createContext("/", exchange -> {
                recorder.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization != null) {
                    recorder.authorizations.add(authorization);
                }
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"recorder\"");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                byte[] body =
                        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}".getBytes();
                if (exchange.getRequestMethod().equals("HEAD")) {
                    exchange.sendResponseHeaders(401, -1);
                } else {
                    exchange.sendResponseHeaders(401, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
            return recorder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
