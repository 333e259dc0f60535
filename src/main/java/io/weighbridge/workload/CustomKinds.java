package io.weighbridge.workload;

import io.weighbridge.workload.WorkloadsConfig.CustomKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Turns {@code weighbridge.workloads.custom.*} into rows of the kind table, reporting every problem at once. */
final class CustomKinds {
    static final String PREFIX = "weighbridge.workloads.custom.";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+");
    /** A DNS subdomain with at least one dot, as CustomResourceDefinitions require of their group. */
    private static final Pattern GROUP =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+");

    private static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern RESOURCE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("v[0-9]+((alpha|beta)[0-9]+)?");

    private CustomKinds() {}

    /**
     * The table of built-in kinds and the configured ones.
     *
     * @throws IllegalArgumentException naming each property that is wrong and why, one per line
     */
    static WorkloadKinds from(WorkloadsConfig config) {
        List<String> problems = new ArrayList<>();
        List<WorkloadKind> rows = new ArrayList<>();
        // By name, so that the order (and the messages) do not depend on where the properties came from.
        for (Map.Entry<String, CustomKind> entry : new TreeMap<>(config.custom()).entrySet()) {
            int before = problems.size();
            WorkloadKind row = row(entry.getKey(), entry.getValue(), problems);
            if (problems.size() == before) {
                rows.add(row);
            }
        }
        WorkloadKinds kinds = null;
        if (problems.isEmpty()) {
            try {
                kinds = WorkloadKinds.withCustom(rows);
            } catch (IllegalArgumentException e) {
                problems.add(PREFIX + "*: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid custom workload kinds:\n  " + String.join("\n  ", problems));
        }
        return kinds;
    }

    private static WorkloadKind row(String name, CustomKind kind, List<String> problems) {
        String at = PREFIX + name + ".";
        if (!NAME.matcher(name).matches()) {
            problems.add(PREFIX + name + ": the name must be lowercase letters and digits (such as rollout), which an"
                    + " environment variable keeps intact");
        }
        check(GROUP, kind.group(), at + "group", "is not an API group such as argoproj.io", problems);
        check(KIND, kind.kind(), at + "kind", "is not a kind such as Rollout", problems);
        String resource = kind.resource().orElse(kind.kind().toLowerCase(Locale.ROOT) + "s");
        check(RESOURCE, resource, at + "resource", "is not a plural resource name such as rollouts", problems);
        if (kind.versions().isEmpty()) {
            problems.add(at + "versions: name at least one version, such as v1alpha1");
        }
        kind.versions()
                .forEach(version ->
                        check(VERSION, version, at + "versions", "is not a version such as v1alpha1", problems));
        FieldPath podSpec = podSpec(kind, at, problems);
        return new WorkloadKind(
                kind.group(),
                kind.kind(),
                resource,
                kind.versions().isEmpty() ? List.of("v1") : kind.versions(),
                podSpec,
                true,
                true);
    }

    private static FieldPath podSpec(CustomKind kind, String at, List<String> problems) {
        if (kind.podTemplatePath().isPresent() == kind.podSpecPath().isPresent()) {
            problems.add(at
                    + "pod-template-path: give either pod-template-path (such as spec.template) or pod-spec-path"
                    + " (such as spec.template.spec)" + (kind.podSpecPath().isPresent() ? ", not both" : ""));
            return null;
        }
        String property = kind.podTemplatePath().isPresent() ? "pod-template-path" : "pod-spec-path";
        try {
            return kind.podTemplatePath().isPresent()
                    ? FieldPath.parse(kind.podTemplatePath().get()).then("spec")
                    : FieldPath.parse(kind.podSpecPath().get());
        } catch (IllegalArgumentException e) {
            problems.add(at + property + ": " + e.getMessage());
            return null;
        }
    }

    private static void check(Pattern pattern, String value, String property, String problem, List<String> problems) {
        if (value == null || !pattern.matcher(value).matches()) {
            problems.add(property + ": " + (value == null ? "is required" : "\"" + value + "\" " + problem));
        }
    }
}
