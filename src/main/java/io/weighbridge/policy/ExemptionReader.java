package io.weighbridge.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.weighbridge.policy.Exemption.WorkloadPattern;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the {@code spec} of an {@code ImageSizeException} resource into an {@link Exemption},
 * reporting every problem with its field path. The CRD's schema refuses most of them before they
 * are stored; this is the webhook's own check, whose problems the status reports.
 */
public final class ExemptionReader {
    static final String KIND = PolicyDocumentReader.EXCEPTION_KIND;
    private static final Pattern RULE = Pattern.compile("[^/\\s]+/[^/\\s]+");

    private ExemptionReader() {}

    /** @throws PolicyValidationException naming every problem, as {@code ImageSizeException ns/name: spec.field: what} */
    public static Exemption read(String namespace, String name, JsonNode spec) throws PolicyValidationException {
        Problems problems = new Problems(KIND + " " + namespace + "/" + name);
        if (spec == null || !spec.isObject()) {
            problems.add(0, "spec", "is required");
            throw new PolicyValidationException(problems.list());
        }
        List<String> images = strings(spec, "images", problems);
        for (int i = 0; i < images.size(); i++) {
            if (!images.get(i).contains("/") && !images.get(i).equals("**")) {
                problems.add(
                        0,
                        "spec.images[" + i + "]",
                        "never matches: patterns apply to normalised references like" + " docker.io/library/"
                                + images.get(i) + ", so write the registry and repository");
            }
        }
        List<WorkloadPattern> workloads = workloads(spec, problems);
        List<String> rules = strings(spec, "rules", problems);
        if (rules.isEmpty() && !spec.path("rules").isArray()) {
            problems.add(
                    0, "spec.rules", "is required: the policy/rule pairs it lifts, e.g. [cluster-defaults/hard-cap]");
        } else if (rules.isEmpty()) {
            problems.add(0, "spec.rules", "must name at least one policy/rule pair");
        }
        for (int i = 0; i < rules.size(); i++) {
            if (!RULE.matcher(rules.get(i)).matches()) {
                problems.add(
                        0,
                        "spec.rules[" + i + "]",
                        rules.get(i) + " is not policy/rule (globs allowed: cluster-defaults/*, */hard-cap)");
            }
        }
        String reason = spec.path("reason").asText("").strip();
        if (reason.isEmpty()) {
            problems.add(0, "spec.reason", "is required: say why, it is shown with every finding it lifts");
        }
        Instant expiresAt = expiresAt(spec, problems);
        if (!problems.isEmpty()) {
            throw new PolicyValidationException(problems.list());
        }
        return new Exemption(namespace, name, images, workloads, rules, reason, expiresAt);
    }

    private static List<WorkloadPattern> workloads(JsonNode spec, Problems problems) {
        JsonNode node = spec.path("workloads");
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(0, "spec.workloads", "must be a list of {kind, name}");
            return List.of();
        }
        List<WorkloadPattern> patterns = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode workload = node.get(i);
            String name = workload.path("name").asText("");
            if (name.isBlank()) {
                problems.add(0, "spec.workloads[" + i + "].name", "is required (a glob such as trainer-*)");
                continue;
            }
            String kind = workload.path("kind").asText("");
            patterns.add(new WorkloadPattern(kind.isBlank() ? null : kind, name));
        }
        return patterns;
    }

    private static Instant expiresAt(JsonNode spec, Problems problems) {
        String written = spec.path("expiresAt").asText("");
        if (written.isBlank()) {
            problems.add(
                    0, "spec.expiresAt", "is required: every exception ends (RFC 3339, e.g. 2025-07-01T00:00:00Z)");
            return null;
        }
        try {
            return OffsetDateTime.parse(written).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(0, "spec.expiresAt", written + " is not an RFC 3339 time such as 2025-07-01T00:00:00Z");
            return null;
        }
    }

    private static List<String> strings(JsonNode spec, String field, Problems problems) {
        JsonNode node = spec.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(0, "spec." + field, "must be a list of strings");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String value = node.get(i).isTextual() ? node.get(i).asText() : "";
            if (value.isBlank()) {
                problems.add(0, "spec." + field + "[" + i + "]", "must be a non-empty string");
            } else {
                values.add(value);
            }
        }
        return values;
    }
}
