package io.weighbridge.cli;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.weighbridge.check.InvalidCheckRequestException;
import io.weighbridge.check.KubernetesObjects;
import io.weighbridge.check.Namespaces;
import io.weighbridge.check.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The workloads of a manifest file ({@code -f}), and the objects skipped because the webhook
 * does not judge their kind.
 *
 * @param workloads in file order, each in its own namespace or the one given
 * @param skipped {@code Kind/name: reason} of every other object
 */
record ManifestWorkloads(List<Workload> workloads, List<String> skipped) {
    static final String STDIN = "-";

    static ManifestWorkloads read(String file, InputStream stdin, String namespace) {
        List<KubernetesResource> objects = readObjects(file, stdin);
        List<Workload> workloads = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (KubernetesResource object : objects) {
            Optional<Workload> workload = Workload.of(object);
            if (workload.isPresent()) {
                workloads.add(Namespaces.reconcile(workload.get(), namespace));
            } else {
                skipped.add(KubernetesObjects.describe(object) + ": not a kind whose images are judged");
            }
        }
        return new ManifestWorkloads(workloads, skipped);
    }

    private static List<KubernetesResource> readObjects(String file, InputStream stdin) {
        try (Reader yaml = STDIN.equals(file)
                ? new InputStreamReader(stdin, StandardCharsets.UTF_8)
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            return KubernetesObjects.readManifest(yaml);
        } catch (NoSuchFileException e) {
            throw new InvalidCheckRequestException(file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidCheckRequestException(file + ": " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
