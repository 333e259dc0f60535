package io.weighbridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP forward proxy (Debian's {@code tinyproxy}) on 127.0.0.1, with its own config file
 * and log in a temporary directory that {@link #close()} deletes. With {@code LogLevel Info} its
 * log names every request it relayed ({@code Request (file descriptor 7): CONNECT registry.test:443
 * HTTP/1.1}, {@code … GET http://registry.test:5000/v2/ HTTP/1.1}); tests read that log to prove
 * what went through it. The proxy resolves names itself, with the system's resolver
 * ({@code /etc/hosts}: see {@link TestHosts}).
 */
public final class TestProxy implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/tinyproxy");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 3;

    private final Process process;
    private final Path workDirectory;
    private final int port;

    private TestProxy(Process process, Path workDirectory, int port) {
        this.process = process;
        this.workDirectory = workDirectory;
        this.port = port;
    }

    /** A proxy open to every client on loopback. */
    public static TestProxy start() {
        return launch(null, null);
    }

    /** A proxy that answers 407 unless a request carries {@code Proxy-Authorization: Basic user:password}. */
    public static TestProxy startWithBasicAuth(String user, String password) {
        return launch(user, password);
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The proxy's whole log, one entry a line. */
    public List<String> log() {
        try {
            return Files.readAllLines(workDirectory.resolve("tinyproxy.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request lines the proxy relayed ({@code CONNECT registry.test:443 HTTP/1.1}, {@code GET http://… HTTP/1.1}). */
    public List<String> requests() {
        return log().stream()
                .filter(line -> line.contains("]: Request (file descriptor "))
                .map(line -> line.substring(line.indexOf("): ", line.indexOf("Request (file descriptor")) + 3))
                .toList();
    }

    @Override
    public void close() {
        Processes.stop(process);
        TempDirectories.delete(workDirectory);
    }

    @Override
    public String toString() {
        return "TestProxy[127.0.0.1:" + port + "]";
    }

    private static TestProxy launch(String user, String password) {
        RegistryFiles.requireBinary(BINARY, "tinyproxy");
        Path workDirectory = TempDirectories.create("weighbridge-proxy-");
        try {
            for (int attempt = 1; ; attempt++) {
                int port = freeLoopbackPort();
                Path config = writeConfig(workDirectory, port, user, password);
                Process process = new ProcessBuilder(BINARY.toString(), "-d", "-c", config.toString())
                        .directory(workDirectory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(workDirectory.resolve("tinyproxy.out").toFile())
                        .start();
                TestProxy proxy = new TestProxy(process, workDirectory, port);
                if (proxy.awaitReady()) {
                    return proxy;
                }
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                if (attempt == PORT_ATTEMPTS) {
                    throw new IllegalStateException(
                            "tinyproxy did not start: " + Files.readString(workDirectory.resolve("tinyproxy.out"))
                                    + String.join("\n", proxy.log()));
                }
                Files.deleteIfExists(workDirectory.resolve("tinyproxy.log"));
            }
        } catch (IOException e) {
            TempDirectories.delete(workDirectory);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            TempDirectories.delete(workDirectory);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting tinyproxy", e);
        } catch (RuntimeException e) {
            TempDirectories.delete(workDirectory);
            throw e;
        }
    }

    private static Path writeConfig(Path workDirectory, int port, String user, String password) throws IOException {
        String config = """
                Port %d
                Listen 127.0.0.1
                Timeout 30
                MaxClients 64
                LogFile "%s"
                LogLevel Info
                DisableViaHeader Yes
                """.formatted(port, workDirectory.resolve("tinyproxy.log"))
                + (user == null ? "" : "BasicAuth " + user + " " + password + "\n");
        return Files.writeString(workDirectory.resolve("tinyproxy.conf"), config, StandardCharsets.UTF_8);
    }

    /** Listening, by a connection to its port, and alive after it (a process that lost the port race exits). */
    private boolean awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                if (log().stream().anyMatch(line -> line.contains("Accepting connections")) && process.isAlive()) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
