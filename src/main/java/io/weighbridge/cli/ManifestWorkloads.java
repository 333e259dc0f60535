package io.weighbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.weighbridge.check.InvalidCheckRequestException;
import io.weighbridge.check.KubernetesObjects;
import io.weighbridge.check.Namespaces;
import io.weighbridge.check.Workload;
import io.weighbridge.workload.WorkloadRead;
import io.weighbridge.workload.WorkloadReader;
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

    /**
     * Reads every object as the webhook would: by the workload reader, whatever the API version.
     *
     * @throws InvalidCheckRequestException naming the input and what is wrong, in one line
     */
    static ManifestWorkloads read(CheckInput input, String namespace, WorkloadReader reader) {
        List<Workload> workloads = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode object : readObjects(input)) {
            WorkloadRead read = reader.read(object);
            Optional<Workload> workload = Workload.of(read);
            if (workload.isPresent()) {
                workloads.add(Namespaces.reconcile(workload.get(), namespace));
            } else {
                skipped.add(read.identity().kindSlashName() + ": not a kind whose images are judged");
            }
        }
        return new ManifestWorkloads(workloads, skipped);
    }

    private static List<JsonNode> readObjects(CheckInput input) {
        if (input.text().isBlank()) {
            throw new InvalidCheckRequestException(
                    input.shownAs() + ": empty; a manifest or a Dockerfile was expected");
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
