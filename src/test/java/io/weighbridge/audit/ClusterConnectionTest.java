package io.weighbridge.audit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.weighbridge.audit.ClusterConnection.UnreachableClusterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether the cluster answers, asked before an audit lists anything, and the one line that says
 * which kubeconfig, context and server did not (issue 12: 41.6 s of silence, then fabric8's
 * {@code Operation: [list] for kind: [Deployment] … failed}).
 */
class ClusterConnectionTest {

    @TempDir
    Path work;

    @Test
    void aRefusedConnectionNamesKubeconfigContextAndServer() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Path kubeconfig = kubeconfig("https://127.0.0.1:" + closed, "staging");

        // Read from the file alone: other tests of this JVM set fabric8's kubernetes.master property.
        String refused = withKubeconfig(
                kubeconfig,
                () -> assertThrows(
                                UnreachableClusterException.class,
                                () -> new ClusterConnection(Config.fromKubeconfig(null, kubeconfig.toFile())).check())
                        .getMessage());

        assertTrue(
                refused.startsWith("cannot audit: the server https://127.0.0.1:" + closed
                        + " (context staging of kubeconfig " + kubeconfig + ") cannot be reached: "),
                refused);
        assertTrue(refused.toLowerCase().contains("refused"), refused);
    }

    /** A fake for a fault no real API server produces on purpose: it accepts connections and never answers. */
    @Test
    void aServerThatNeverAnswersIsGivenUpAfterThePatience() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Acceptor held = new Acceptor(silent)) {
            Config config = new ConfigBuilder()
                    .withMasterUrl("https://127.0.0.1:" + silent.getLocalPort())
                    .withRequestTimeout(600_000)
                    .withConnectionTimeout(600_000)
                    .withRequestRetryBackoffLimit(10)
                    .build();

            String gaveUp = assertThrows(UnreachableClusterException.class, () -> new ClusterConnection(config).check())
                    .getMessage();

            assertTrue(
                    gaveUp.endsWith(" did not answer within " + ClusterConnection.PATIENCE.toSeconds() + "s"), gaveUp);
            assertTrue(gaveUp.contains("server https://127.0.0.1:" + silent.getLocalPort()), gaveUp);
        }
    }

    @Test
    void anAnswerLetsTheAuditGoOnEvenAForbiddingOne() {
        answering(
                403,
                config -> assertDoesNotThrow(
                        () -> new ClusterConnection(config).check(),
                        "403: forbidden to read /version, it may still list workloads"));
    }

    @Test
    void refusedCredentialsAreSaidAsSuch() {
        answering(401, config -> {
            String rejected = assertThrows(
                            UnreachableClusterException.class, () -> new ClusterConnection(config).check())
                    .getMessage();
            assertTrue(rejected.endsWith(" refused the credentials (401 Unauthorized)"), rejected);
        });
    }

    /** An API server that answers every request with {@code status}: no real one can be run here to refuse a token. */
    private static void answering(int status, java.util.function.Consumer<Config> test) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            test.accept(new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
                    .build());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withoutAnyKubeconfigItSaysWhereItLooked() throws Exception {
        Path missing = work.resolve("no-such-kubeconfig");

        String described = withKubeconfig(
                missing,
                () -> new ClusterConnection(new ConfigBuilder()
                                .withMasterUrl("https://kubernetes.default.svc")
                                .build())
                        .describe());

        assertTrue(described.startsWith("server https://kubernetes.default.svc (no context, "), described);
        assertTrue(described.contains(missing.toString()), described);
    }

    private Path kubeconfig(String server, String context) throws IOException {
        return Files.writeString(work.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                contexts:
                - name: %s
                  context: {cluster: c, user: u, namespace: shop}
                current-context: %s
                users:
                - name: u
                  user: {token: not-a-secret}
                """.formatted(server, context, context));
    }

    /** Runs with fabric8's {@code kubeconfig} system property naming the file (KUBECONFIG cannot be set in a JVM). */
    private static <T> T withKubeconfig(Path file, ThrowingSupplier<T> body) throws Exception {
        String before = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, file.toString());
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
            } else {
                System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, before);
            }
        }
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** Accepts every connection and holds it open without a byte, until closed. */
    private static final class Acceptor implements AutoCloseable {
        private final List<Socket> held = new ArrayList<>();
        private final Thread thread;

        Acceptor(ServerSocket socket) {
            thread = new Thread(
                    () -> {
                        try {
                            while (!socket.isClosed()) {
                                Socket accepted = socket.accept();
                                synchronized (held) {
                                    held.add(accepted);
                                }
                            }
                        } catch (IOException closed) {
                            // the test is over
                        }
                    },
                    "silent-api-server");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            synchronized (held) {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }
}
