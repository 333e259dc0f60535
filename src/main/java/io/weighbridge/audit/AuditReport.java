package io.weighbridge.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.weighbridge.policy.Action;
import java.util.List;

/**
 * What runs in the cluster, weighed and judged: the answer of {@code GET /api/v1/audit} and of
 * {@code audit -o json}. Its shape is a public contract, documented in {@code docs/audit-json.md}.
 *
 * @param generatedAt when the pass finished (ISO-8601, UTC)
 * @param namespace the namespace audited, or {@code null} for all
 * @param auditedBy the replica that audited (the audit leader), or {@code null} from the CLI
 * @param verdict the strongest verdict over every image
 * @param workloads how many workloads were found (each counted once, under its top owner)
 * @param images one entry per distinct image, largest first
 * @param violations workloads per namespace and finding, as the {@code weighbridge_audit_violations} gauge
 * @param notes kinds that could not be listed, and why
 */
@JsonPropertyOrder({"generatedAt", "namespace", "auditedBy", "verdict", "workloads", "images", "violations", "notes"})
public record AuditReport(
        String generatedAt,
        String namespace,
        @JsonInclude(JsonInclude.Include.NON_NULL) String auditedBy,
        Action verdict,
        int workloads,
        List<AuditImage> images,
        List<Violation> violations,
        List<String> notes) {

    public AuditReport {
        images = List.copyOf(images);
        violations = List.copyOf(violations);
        notes = List.copyOf(notes);
    }

    public AuditReport auditedBy(String replica) {
        return new AuditReport(generatedAt, namespace, replica, verdict, workloads, images, violations, notes);
    }

    /**
     * One distinct image (as written in the pod specs).
     *
     * @param sizeBytes compressed size (config and layers), or {@code null} when not weighed
     * @param error why it could not be weighed, or {@code null}
     * @param verdict the strongest verdict over every namespace and kind that uses it
     * @param namespaces where it is used, sorted
     * @param workloads who uses it, sorted by namespace, kind and name
     */
    @JsonPropertyOrder({"image", "digest", "sizeBytes", "verdict", "error", "findings", "namespaces", "workloads"})
    public record AuditImage(
            String image,
            String digest,
            Long sizeBytes,
            Action verdict,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error,
            List<AuditFinding> findings,
            List<String> namespaces,
            List<ImageWorkload> workloads) {
        public AuditImage {
            findings = List.copyOf(findings);
            namespaces = List.copyOf(namespaces);
            workloads = List.copyOf(workloads);
        }

        public boolean weighed() {
            return sizeBytes != null;
        }
    }

    /**
     * A rule that matched the image in some namespaces.
     *
     * @param action the effective action; a {@code dryrun} policy's finding is {@code allow} with {@code dryRun} true
     * @param message the message of its first occurrence
     * @param namespaces where it matched, sorted
     */
    @JsonPropertyOrder({"rule", "policy", "action", "dryRun", "message", "namespaces"})
    public record AuditFinding(
            String rule, String policy, Action action, boolean dryRun, String message, List<String> namespaces) {
        public AuditFinding {
            namespaces = List.copyOf(namespaces);
        }
    }

    /**
     * A workload and one of its containers that use an image.
     *
     * @param error why the image could not be weighed for this workload (with its pull secrets, in
     *     its namespace), or {@code null}; it may have been weighed for others
     */
    @JsonPropertyOrder({"kind", "namespace", "name", "container", "error"})
    public record ImageWorkload(
            String kind,
            String namespace,
            String name,
            String container,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

        /** A use whose image was weighed. */
        public ImageWorkload(String kind, String namespace, String name, String container) {
            this(kind, namespace, name, container, null);
        }
    }

    /**
     * How many workloads of a namespace a rule finds fault with.
     *
     * @param action {@code deny} or {@code warn}, or {@code dryrun} for findings of a {@code dryrun} policy
     */
    @JsonPropertyOrder({"namespace", "policy", "rule", "action", "workloads"})
    public record Violation(String namespace, String policy, String rule, String action, int workloads) {}
}
