package io.weighbridge.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the benchmark starts Weighbridge and its peer: the same JVM options for both (the heap the
 * chart's 512 MiB limit gives at {@code MaxRAMPercentage=75}), on loopback ports free at the
 * time, over plain HTTP or HTTPS with the same self-signed certificate, as in a cluster.
 */
final class Servers {
    static final List<String> JVM_OPTIONS = List.of("-Xmx384m");

    private final Path root;
    private final Path work;
    private final Certificates certificates;
    private final String registry;

    Servers(Path root, Path work, Certificates certificates, String registry) {
        this.root = root;
        this.work = work;
        this.certificates = certificates;
        this.registry = registry;
    }

    /** A started server and the URLs the benchmark uses. */
    record Started(ServerProcess process, String validateUrl, String trivialUrl, String readyUrl)
            implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    /** Weighbridge from {@code target/quarkus-app}, with the shipped policies and the bench registry. */
    Started weighbridge(String name, boolean https, List<String> extraJvmOptions, List<String> extraProperties) {
        int port = ServerProcess.freePort();
        int management = ServerProcess.freePort();
        List<String> properties = new ArrayList<>(List.of(
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + management,
                "-Dweighbridge.policy.path=" + root.resolve("policies"),
                "-Dweighbridge.registry.plain-http=" + registry,
                "-Dweighbridge.registry.allowed-networks=127.0.0.0/8",
                // No cluster here: the background audit would only wait for a leader.
                "-Dweighbridge.audit.enabled=false"));
        if (https) {
            // As the chart configures it: the TLS registry's configuration "webhook", HTTPS only.
            properties.addAll(List.of(
                    "-Dquarkus.http.ssl-port=" + port,
                    "-Dquarkus.http.insecure-requests=disabled",
                    "-Dquarkus.http.tls-configuration-name=webhook",
                    "-Dquarkus.tls.webhook.key-store.pem.0.cert=" + certificates.certificate(),
                    "-Dquarkus.tls.webhook.key-store.pem.0.key=" + certificates.key(),
                    // The trivial endpoint over HTTPS too, so that it measures the same protocol.
                    "-Dquarkus.management.tls-configuration-name=webhook"));
        } else {
            properties.add("-Dquarkus.http.port=" + port);
        }
        properties.addAll(extraProperties);
        List<String> jvm = new ArrayList<>(JVM_OPTIONS);
        jvm.addAll(extraJvmOptions);
        ServerProcess process =
                ServerProcess.start(name, root.resolve("target/quarkus-app/quarkus-run.jar"), jvm, properties, work);
        String scheme = https ? "https" : "http";
        return new Started(
                process,
                scheme + "://127.0.0.1:" + port + "/validate",
                scheme + "://127.0.0.1:" + management + "/q/health/live",
                scheme + "://127.0.0.1:" + management + "/q/health/ready");
    }

    /** The fabric8 echo webhook of bench/peers/echo-webhook. */
    Started peer(String name, boolean https) {
        int port = ServerProcess.freePort();
        List<String> properties = new ArrayList<>();
        if (https) {
            properties.addAll(List.of(
                    "-Dquarkus.http.ssl-port=" + port,
                    "-Dquarkus.http.insecure-requests=disabled",
                    "-Dquarkus.http.tls-configuration-name=peer",
                    "-Dquarkus.tls.peer.key-store.pem.0.cert=" + certificates.certificate(),
                    "-Dquarkus.tls.peer.key-store.pem.0.key=" + certificates.key()));
        } else {
            properties.add("-Dquarkus.http.port=" + port);
        }
        ServerProcess process = ServerProcess.start(
                name,
                root.resolve("bench/peers/echo-webhook/target/quarkus-app/quarkus-run.jar"),
                JVM_OPTIONS,
                properties,
                work);
        String base = (https ? "https" : "http") + "://127.0.0.1:" + port;
        return new Started(process, base + "/validate", base + "/ping", base + "/ping");
    }
}
