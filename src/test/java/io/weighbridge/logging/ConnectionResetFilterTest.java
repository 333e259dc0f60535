package io.weighbridge.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.weighbridge.image.Deadline;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.RegistryImageWeigher;
import io.weighbridge.image.TestRegistryConfig;
import io.weighbridge.image.WeighingContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The 1,700 "Connection reset" ERROR lines of issue 10, reproduced: the registry client's
 * connections to a registry that resets them make Vert.x log at ERROR with no request behind the
 * line. The console's filter keeps those out and lets every other error of that logger through.
 */
class ConnectionResetFilterTest {
    private final ConnectionResetFilter filter = new ConnectionResetFilter();
    private final List<LogRecord> vertxErrors = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                vertxErrors.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Logger source = Logger.getLogger(ConnectionResetFilter.SOURCE);

    @BeforeEach
    void listen() {
        source.addHandler(capture);
    }

    @AfterEach
    void stop() {
        source.removeHandler(capture);
    }

    @Test
    void aRegistryThatResetsConnectionsMakesVertxLogErrorsThatTheFilterKeepsOffTheConsole() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (ResettingServer registry = new ResettingServer()) {
            RegistryImageWeigher weigher = RegistryImageWeigher.builder(
                            vertx, TestRegistryConfig.forLocal(registry.hostPort()))
                    .build();
            try {
                for (int i = 0; i < 3; i++) {
                    ImageReference image = ImageReference.parse(registry.hostPort() + "/team/app:" + i);
                    Throwable failure = weigher.weigh(
                                    image, new WeighingContext(Deadline.in(Duration.ofSeconds(5)), null))
                            .handle((weight, error) -> error)
                            .get(10, TimeUnit.SECONDS);
                    assertTrue(
                            failure != null && failure.getMessage().contains("cannot weigh"), String.valueOf(failure));
                }
            } finally {
                weigher.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        assertFalse(vertxErrors.isEmpty(), "Vert.x logged no error: the reproduction does not reproduce");
        for (LogRecord record : vertxErrors) {
            assertFalse(filter.isLoggable(record), "on the console: " + record.getMessage());
        }
    }

    @Test
    void everyOtherErrorOfThatLoggerStaysOnTheConsole() {
        LogRecord handshake = new LogRecord(Level.SEVERE, "PKIX path building failed");
        handshake.setLoggerName(ConnectionResetFilter.SOURCE);
        handshake.setThrown(new SSLHandshakeException("PKIX path building failed"));
        LogRecord elsewhere = new LogRecord(Level.SEVERE, "Connection reset");
        elsewhere.setLoggerName("io.weighbridge.image.RegistryTransport");
        LogRecord debug = new LogRecord(Level.FINE, "Connection reset");
        debug.setLoggerName(ConnectionResetFilter.SOURCE);

        assertTrue(filter.isLoggable(handshake));
        assertTrue(filter.isLoggable(elsewhere), "another logger's reset is its own business");
        assertTrue(filter.isLoggable(debug));
    }

    @Test
    void streamResetsAndBrokenPipesAreResetsToo() {
        for (String message :
                List.of("Stream reset: 8", "Connection reset by peer", "Broken pipe", "Connection was closed")) {
            LogRecord record = new LogRecord(Level.SEVERE, message);
            record.setLoggerName(ConnectionResetFilter.SOURCE);
            assertFalse(filter.isLoggable(record), message);
        }
        LogRecord wrapped = new LogRecord(Level.SEVERE, null);
        wrapped.setLoggerName(ConnectionResetFilter.SOURCE);
        wrapped.setThrown(new IOException("Connection reset by peer"));
        assertFalse(filter.isLoggable(wrapped));
    }

    /** Accepts, reads the request and resets the connection (SO_LINGER 0): what no real registry does on purpose. */
    private static final class ResettingServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread acceptor = new Thread(this::serve, "resetting-registry");

        ResettingServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String hostPort() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket connection = server.accept()) {
                    connection.getInputStream().read(new byte[8192]);
                    connection.setSoLinger(true, 0);
                } catch (IOException e) {
                    // closed, or the client left first
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
