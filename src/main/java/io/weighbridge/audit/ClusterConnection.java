package io.weighbridge.audit;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which cluster a client talks to (kubeconfig, context, server), and whether it answers at all,
 * asked once with short timeouts and no retries before an audit lists anything: fabric8's own
 * retries would keep a command silent for some 40 s before failing on an unreachable server.
 */
public final class ClusterConnection {
    /** The most the question may take, connecting included. */
    public static final Duration PATIENCE = Duration.ofSeconds(5);

    private static final Duration CONNECT = Duration.ofSeconds(3);

    private final Config config;

    public ClusterConnection(Config config) {
        this.config = config;
    }

    /** An answer that lets an audit go on, or why not in one line (naming kubeconfig, context and server). */
    public static final class UnreachableClusterException extends Exception {
        UnreachableClusterException(String message) {
            super(message);
        }
    }

    /**
     * Asks the server for {@code /version}. Any HTTP answer but 401 counts as reachable: an API
     * server may forbid {@code /version} and still let the audit list workloads, and a mock
     * answers 404.
     */
    public void check() throws UnreachableClusterException {
        Config quick = new ConfigBuilder(config)
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout((int) CONNECT.toMillis())
                .withRequestTimeout((int) PATIENCE.toMillis())
                .build();
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(quick).build();
        try {
            HttpClient http = client.getHttpClient();
            HttpRequest version = http.newHttpRequestBuilder()
                    .uri(URI.create(client.getMasterUrl().toString()).resolve("version"))
                    .build();
            int status = http.sendAsync(version, String.class)
                    .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
                    .code();
            if (status == 401) {
                throw unreachable("refused the credentials (401 Unauthorized)");
            }
        } catch (TimeoutException e) {
            throw unreachable("did not answer within " + PATIENCE.toSeconds() + "s");
        } catch (ExecutionException e) {
            throw unreachable("cannot be reached: " + rootMessage(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("was not asked: interrupted");
        } catch (KubernetesClientException | IllegalArgumentException e) {
            throw unreachable("cannot be asked: " + rootMessage(e));
        } finally {
            client.close();
        }
    }

    /** {@code server https://… (context prod of kubeconfig /home/me/.kube/config)}, or what is missing. */
    public String describe() {
        String server = config.getMasterUrl();
        return "server " + (server == null ? "(none)" : stripSlash(server)) + " (" + context() + kubeconfig() + ")";
    }

    private String context() {
        NamedContext current = config.getCurrentContext();
        return current == null || current.getName() == null ? "no context" : "context " + current.getName();
    }

    private static String kubeconfig() {
        Collection<String> files = Config.getKubeconfigFilenames();
        Optional<String> found = files.stream()
                .filter(file -> Files.isRegularFile(Path.of(file)))
                .findFirst();
        if (found.isPresent()) {
            return " of kubeconfig " + found.get();
        }
        String named = System.getenv("KUBECONFIG");
        return named != null && !named.isBlank()
                ? ", kubeconfig " + named + " not found"
                : ", no kubeconfig: KUBECONFIG unset and " + String.join(", ", files) + " not found";
    }

    private UnreachableClusterException unreachable(String what) {
        return new UnreachableClusterException("cannot audit: the " + describe() + " " + what);
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.strip();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
