package io.weighbridge.leadership;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a Lease lives and who this replica is, from the Pod's environment when not configured. */
public final class LeaseSettings {
    private static final Path SERVICE_ACCOUNT_NAMESPACE =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private LeaseSettings() {}

    /** The configured namespace, else POD_NAMESPACE, the service account's namespace, the client's, then {@code default}. */
    public static String namespace(Optional<String> configured, KubernetesClient client) {
        return configured
                .or(() -> env("POD_NAMESPACE"))
                .or(LeaseSettings::serviceAccountNamespace)
                .or(() -> Optional.ofNullable(client.getNamespace()))
                .orElse("default");
    }

    /** The configured identity, else POD_NAME, HOSTNAME, then the host's name. */
    public static String identity(Optional<String> configured) {
        return configured.or(() -> env("POD_NAME")).or(() -> env("HOSTNAME")).orElseGet(LeaseSettings::hostName);
    }

    private static Optional<String> serviceAccountNamespace() {
        try {
            return Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)
                    ? Optional.of(Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim())
                            .filter(ns -> !ns.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "weighbridge-" + ProcessHandle.current().pid();
        }
    }
}
