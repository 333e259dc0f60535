package io.weighbridge.audit;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the audit Lease lives and who this replica is, from the Pod's environment when not configured. */
final class LeaseSettings {
    private static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private LeaseSettings() {}

    static String namespace(AuditConfig.LeaderElection config, KubernetesClient client) {
        return config.leaseNamespace()
                .or(() -> env("POD_NAMESPACE"))
                .or(LeaseSettings::serviceAccountNamespace)
                .or(() -> Optional.ofNullable(client.getNamespace()))
                .orElse("default");
    }

    static String identity(AuditConfig.LeaderElection config) {
        return config.identity().or(() -> env("POD_NAME")).or(() -> env("HOSTNAME")).orElseGet(LeaseSettings::hostName);
    }

    private static Optional<String> serviceAccountNamespace() {
        try {
            return Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)
                    ? Optional.of(Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim()).filter(ns -> !ns.isEmpty())
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
