package io.weighbridge.policy;

import io.weighbridge.image.ImageReference;
import io.weighbridge.workload.WorkloadName;
import java.time.Instant;
import java.util.List;

/**
 * One {@code ImageSizeException}: lifts the findings of some rules for images and workloads of its
 * namespace until it expires. Lifted findings are not dropped: they become warnings that name it.
 *
 * @param namespace where it lives and lifts; never beyond
 * @param name its name
 * @param images globs over normalised references; empty means every image
 * @param workloads the workloads it covers; empty means every workload of the namespace
 * @param rules {@code policy/rule} globs of the rules it lifts ({@code cluster-defaults/*},
 *     {@code *&#47;hard-cap}); the policy part is matched against a namespaced policy's own name
 * @param reason why, shown with every lifted finding
 * @param expiresAt the instant it stops applying
 */
public record Exemption(
        String namespace,
        String name,
        List<String> images,
        List<WorkloadPattern> workloads,
        List<String> rules,
        String reason,
        Instant expiresAt) {
    public Exemption {
        images = List.copyOf(images);
        workloads = List.copyOf(workloads);
        rules = List.copyOf(rules);
    }

    /**
     * Kind and name globs; a {@code null} kind is any kind.
     */
    public record WorkloadPattern(String kind, String name) {
        boolean matches(WorkloadName workload) {
            return (kind == null || Glob.matches(kind, workload.kind())) && Glob.matches(name, workload.name());
        }

        @Override
        public String toString() {
            return (kind == null ? "*" : kind) + "/" + name;
        }
    }

    /** {@code namespace/name}. */
    public String id() {
        return namespace + "/" + name;
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /**
     * Whether it lifts this finding of this image for this object at {@code now}.
     *
     * @param objectNamespace the object's namespace
     * @param workload the object and the workloads that own it (empty when unknown: then only an
     *     exception that names no workloads applies)
     * @param image the image's normalised reference, or {@code null} when it does not parse (then
     *     only an exception that names no images applies)
     */
    boolean lifts(
            Finding finding, String objectNamespace, List<WorkloadName> workload, ImageReference image, Instant now) {
        if (!activeAt(now) || !namespace.equals(objectNamespace)) {
            return false;
        }
        if (!images.isEmpty()
                && (image == null
                        || images.stream()
                                .noneMatch(glob ->
                                        Glob.matches(glob, image.toString()) || Glob.matches(glob, image.name())))) {
            return false;
        }
        if (!workloads.isEmpty()
                && workloads.stream().noneMatch(pattern -> workload.stream().anyMatch(pattern::matches))) {
            return false;
        }
        String policyName = finding.policy().substring(finding.policy().lastIndexOf('/') + 1);
        return rules.stream().anyMatch(rule -> {
            int slash = rule.indexOf('/');
            return Glob.matches(rule.substring(0, slash), policyName)
                    && Glob.matches(rule.substring(slash + 1), finding.rule());
        });
    }
}
