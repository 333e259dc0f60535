package io.weighbridge.testing;

import io.weighbridge.image.ImageReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real CNCF distribution registry (Debian's {@code docker-registry}) on 127.0.0.1, plain
 * HTTP, optionally behind htpasswd basic auth. Its storage lives in a temporary directory that
 * {@link #close()} deletes. The registries of {@link Fixtures} are shared by the whole JVM:
 * closing one of them is refused.
 */
public final class TestRegistry implements AutoCloseable {
    static final Path REGISTRY_BINARY = Path.of("/usr/bin/docker-registry");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    private static final int PORT_ATTEMPTS = 3;

    private final Process process;
    private final boolean shared;
    private final Path workDirectory;
    private final String hostPort;
    private final Credentials credentials;
    private final RegistryHttpApi api;

    private final Tls tls;

    private TestRegistry(
            Process process, boolean shared, Path workDirectory, String hostPort, Credentials credentials) {
        this(process, shared, workDirectory, hostPort, credentials, null);
    }

    private TestRegistry(
            Process process, boolean shared, Path workDirectory, String hostPort, Credentials credentials, Tls tls) {
        this.tls = tls;
        this.process = process;
        this.shared = shared;
        this.workDirectory = workDirectory;
        this.hostPort = hostPort;
        this.credentials = credentials;
        this.api = new RegistryHttpApi(hostPort, credentials);
    }

    /** An anonymous registry over plain HTTP. */
    public static TestRegistry start() {
        return launch(null, false, false);
    }

    /**
     * An anonymous registry that writes every request it answered to {@link #logFile()} (the
     * benchmark counts registry requests there; tests count them as they arrive, with
     * {@link RecordingProxy}).
     */
    public static TestRegistry startWithAccessLog() {
        return launch(null, false, true);
    }

    /** A registry that demands basic auth, checked against an htpasswd file ({@code htpasswd -Bbn}). */
    public static TestRegistry startWithHtpasswd(String user, String password) {
        return launch(new Credentials(user, password), false, false);
    }

    /**
     * A registry over HTTPS ({@code tls}) that serves the images of {@code source} from the same
     * storage, behind the same htpasswd when {@code source} has one; closing it leaves that storage.
     */
    public static TestRegistry startTlsOver(TestRegistry source, Tls tls) {
        Path workDirectory = TempDirectories.create("weighbridge-registry-tls-");
        try {
            Path htpasswd = source.requiresAuth() ? source.workDirectory().resolve("htpasswd") : null;
            for (int attempt = 1; ; attempt++) {
                int port = freeLoopbackPort();
                Path config = RegistryFiles.writeConfig(
                        workDirectory, source.workDirectory().resolve("storage"), port, htpasswd, false, tls);
                Process process = startProcess(workDirectory, config);
                try {
                    TestRegistry registry = new TestRegistry(
                            process, false, workDirectory, "127.0.0.1:" + port, source.credentials(), tls);
                    registry.awaitReady();
                    return registry;
                } catch (RegistryStartException e) {
                    process.destroyForcibly();
                    if (!e.portTaken || attempt == PORT_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } catch (RuntimeException e) {
            TempDirectories.delete(workDirectory);
            throw e;
        }
    }

    /** The PEM certificate and key a registry serves HTTPS with. */
    public record Tls(Path certificate, Path key) {}

    /** The port the registry listens on (127.0.0.1). */
    public int port() {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    /** A registry that only {@link #stop()} ends, for sharing across tests. */
    static TestRegistry startShared(Credentials credentials) {
        return launch(credentials, true, false);
    }

    /** A handle on a shared registry whose process another class loader owns. */
    static TestRegistry viewOfShared(String hostPort, Path workDirectory, Credentials credentials) {
        return new TestRegistry(null, true, workDirectory, hostPort, credentials);
    }

    /** {@code 127.0.0.1:port}. */
    public String hostPort() {
        return hostPort;
    }

    /** {@code ImageReference.parse(hostPort() + "/" + repositoryAndTag)}. */
    public ImageReference reference(String repositoryAndTag) {
        return ImageReference.parse(hostPort + "/" + repositoryAndTag);
    }

    /** Whether this registry demands basic auth. */
    public boolean requiresAuth() {
        return credentials != null;
    }

    /** Storage, configuration and log of this registry. */
    Path workDirectory() {
        return workDirectory;
    }

    Credentials credentials() {
        return credentials;
    }

    /** Raw access to this registry's HTTP API, authenticated when the registry requires it. */
    public RegistryHttpApi api() {
        return api;
    }

    /** The registry's own log (stdout and stderr), for diagnosing a failing test. */
    public Path logFile() {
        return workDirectory.resolve("registry.log");
    }

    /** Stops the registry and deletes its storage; refused for the shared fixture registries. */
    @Override
    public void close() {
        if (shared) {
            throw new UnsupportedOperationException(
                    this + " is shared by every test in the JVM; a shutdown hook stops it");
        }
        stop();
    }

    void stop() {
        if (process == null) {
            return;
        }
        Processes.stop(process);
        TempDirectories.delete(workDirectory);
    }

    @Override
    public String toString() {
        return "TestRegistry[" + hostPort + (requiresAuth() ? ", htpasswd" : "") + "]";
    }

    private static TestRegistry launch(Credentials credentials, boolean shared, boolean accessLog) {
        RegistryFiles.requireBinary(REGISTRY_BINARY, "docker-registry");
        Path workDirectory = TempDirectories.create("weighbridge-registry-");
        try {
            Path htpasswd = credentials == null ? null : RegistryFiles.writeHtpasswd(workDirectory, credentials);
            // A free port found now may be taken by another process before the registry binds it.
            for (int attempt = 1; ; attempt++) {
                int port = freeLoopbackPort();
                Path config = RegistryFiles.writeConfig(workDirectory, port, htpasswd, accessLog);
                Process process = startProcess(workDirectory, config);
                try {
                    TestRegistry registry =
                            new TestRegistry(process, shared, workDirectory, "127.0.0.1:" + port, credentials);
                    registry.awaitReady();
                    return registry;
                } catch (RegistryStartException e) {
                    process.destroyForcibly();
                    if (!e.portTaken || attempt == PORT_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } catch (RuntimeException e) {
            TempDirectories.delete(workDirectory);
            throw e;
        }
    }

    private void awaitReady() {
        int expectedStatus = credentials == null ? 200 : 401;
        HttpClient.Builder clientBuilder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        if (tls != null) {
            clientBuilder.sslContext(TestCertificates.trusting(tls.certificate()));
        }
        HttpClient client = clientBuilder.build();
        HttpRequest probe = HttpRequest.newBuilder(
                        URI.create((tls == null ? "http://" : "https://") + hostPort + "/v2/"))
                .timeout(Duration.ofSeconds(1))
                .build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new RegistryStartException(
                        "docker-registry exited with " + process.exitValue() + ": " + log(), log());
            }
            try {
                int status = client.send(probe, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                // Alive after answering: a process that lost the port race must not pass on another's answer.
                if (status == expectedStatus && process.isAlive()) {
                    return;
                }
                throw new RegistryStartException("GET /v2/ answered " + status + ", expected " + expectedStatus, log());
            } catch (IOException notListeningYet) {
                sleep(Duration.ofMillis(50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryStartException("interrupted while waiting for docker-registry", log());
            }
        }
        throw new RegistryStartException(
                "docker-registry did not answer GET /v2/ within " + STARTUP_TIMEOUT.toSeconds() + " s: " + log(),
                log());
    }

    private String log() {
        try {
            return Files.readString(logFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Process startProcess(Path workDirectory, Path config) {
        Path log = workDirectory.resolve("registry.log");
        try {
            return new ProcessBuilder(REGISTRY_BINARY.toString(), "serve", config.toString())
                    .directory(workDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + REGISTRY_BINARY, e);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Basic-auth credentials of a registry started with htpasswd. */
    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return "Credentials[" + user + ", ****]";
        }
    }

    private static final class RegistryStartException extends IllegalStateException {
        final boolean portTaken;

        RegistryStartException(String message, String log) {
            super(message);
            this.portTaken = log.contains("address already in use");
        }
    }
}
