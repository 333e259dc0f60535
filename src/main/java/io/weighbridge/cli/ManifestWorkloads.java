package io.weighbridge.cli;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.weighbridge.check.InvalidCheckRequestException;
import io.weighbridge.check.KubernetesObjects;
import io.weighbridge.check.Namespaces;
import io.weighbridge.check.Workload;
import java.io.IOException;
import java.io.StringReader;
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

    /** @throws InvalidCheckRequestException naming the input and what is wrong, in one line */
    static ManifestWorkloads read(CheckInput input, String namespace) {
        List<KubernetesResource> objects = readObjects(input);
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

    private static List<KubernetesResource> readObjects(CheckInput input) {
        if (input.text().isBlank()) {
            throw new InvalidCheckRequestException(input.shownAs() + ": empty; a manifest or a Dockerfile was expected");
        }
        try {
            return KubernetesObjects.readManifest(new StringReader(input.text()));
        } catch (IOException | IllegalArgumentException e) {
            // stdin has no name to say which it was meant to be
            String neither = input.fromStdin() ? "neither a Dockerfile (FROM or ARG first) nor a manifest: " : "";
            throw new InvalidCheckRequestException(input.shownAs() + ": " + neither + firstLine(e.getMessage()));
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
