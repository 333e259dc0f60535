package io.weighbridge.audit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.ByteSizes;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageVerdict;
import io.weighbridge.policy.RuleRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PolicyReports of one audit pass ({@code wgpolicyk8s.io/v1alpha2}): one per namespace, a
 * result per workload, image and rule, in the conventions Policy Reporter shows without
 * configuration: {@code source: weighbridge}, {@code category}, {@code scored}, the workload in
 * {@code resources}, image, container and size in {@code properties}, and a summary.
 *
 * <p>Results: {@code fail} for a rule that denies, {@code warn} for one that warns (not scored, as
 * the API defines warn) or a dry-run policy's finding, {@code error} when the image could not be
 * weighed, {@code skip} for a finding an exception lifted, {@code pass} for every other rule that
 * judged the image.
 */
final class PolicyReportBuilder {
    static final String API_VERSION = "wgpolicyk8s.io/v1alpha2";
    static final String KIND = "PolicyReport";
    static final String CLUSTER_KIND = "ClusterPolicyReport";
    static final String NAME = "weighbridge-audit";
    static final String SOURCE = "weighbridge";
    static final String CATEGORY = "Image Size";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String OMITTED = "weighbridge.io/omitted-results";
    /** What is left out first when a report is over its bound. */
    private static final List<String> KEPT_FIRST = List.of("fail", "error", "warn", "skip", "pass");

    private PolicyReportBuilder() {}

    /**
     * @param maxResults the most results one report keeps
     * @return the reports by namespace ({@code null} for the ClusterPolicyReport of cluster-scoped
     *     workloads), only for namespaces with results
     */
    static Map<String, GenericKubernetesResource> reports(List<WorkloadVerdict> verdicts, Instant at, int maxResults) {
        Map<String, List<Map<String, Object>>> byNamespace =
                new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (WorkloadVerdict verdict : verdicts) {
            List<Map<String, Object>> results = results(verdict, at);
            if (!results.isEmpty()) {
                byNamespace
                        .computeIfAbsent(verdict.workload().namespace(), ns -> new ArrayList<>())
                        .addAll(results);
            }
        }
        Map<String, GenericKubernetesResource> reports = new LinkedHashMap<>();
        byNamespace.forEach((namespace, results) -> reports.put(namespace, report(namespace, results, maxResults)));
        return reports;
    }

    private static GenericKubernetesResource report(
            String namespace, List<Map<String, Object>> results, int maxResults) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String result : List.of("pass", "fail", "warn", "error", "skip")) {
            summary.put(result, (int)
                    results.stream().filter(r -> r.get("result").equals(result)).count());
        }
        List<Map<String, Object>> kept = results;
        if (results.size() > maxResults) {
            kept = results.stream()
                    .sorted(Comparator.comparingInt(r -> KEPT_FIRST.indexOf((String) r.get("result"))))
                    .limit(Math.max(0, maxResults))
                    .toList();
        }
        GenericKubernetesResourceBuilder report = new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(namespace == null ? CLUSTER_KIND : KIND)
                .withNewMetadata()
                .withName(NAME)
                .withNamespace(namespace)
                .addToLabels(MANAGED_BY, SOURCE)
                .endMetadata();
        if (kept.size() < results.size()) {
            report.editMetadata()
                    .addToAnnotations(OMITTED, String.valueOf(results.size() - kept.size()))
                    .endMetadata();
        }
        GenericKubernetesResource built = report.build();
        built.setAdditionalProperty("summary", summary);
        built.setAdditionalProperty("results", kept);
        return built;
    }

    /** Every result of one workload's image: its findings, then a pass for each other rule that judged it. */
    static List<Map<String, Object>> results(WorkloadVerdict workload, Instant at) {
        ImageVerdict verdict = workload.verdict();
        List<Map<String, Object>> results = new ArrayList<>();
        List<RuleRef> found = new ArrayList<>();
        for (Finding finding : verdict.findings()) {
            results.add(result(
                    workload, finding.policy(), finding.rule(), outcome(finding), finding.message(), finding, at));
            found.add(new RuleRef(finding.policy(), finding.rule()));
        }
        if (verdict.weight() != null) {
            for (RuleRef rule : verdict.rulesApplied()) {
                if (!found.contains(rule)) {
                    String message = shown(verdict) + " is "
                            + ByteSizes.format(verdict.weight().sizeBytes()) + "; it meets " + rule.policy() + "/"
                            + rule.rule();
                    results.add(result(workload, rule.policy(), rule.rule(), "pass", message, null, at));
                }
            }
        }
        return results;
    }

    private static String outcome(Finding finding) {
        if (finding.lifted()) {
            return "skip";
        }
        if (DefaultPolicyEngine.REGISTRY_ERROR_RULE.equals(finding.rule())) {
            return "error";
        }
        if (finding.dryRun()) {
            return "warn";
        }
        return finding.action() == Action.DENY ? "fail" : finding.action() == Action.WARN ? "warn" : "pass";
    }

    private static Map<String, Object> result(
            WorkloadVerdict workload,
            String policy,
            String rule,
            String outcome,
            String message,
            Finding finding,
            Instant at) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("source", SOURCE);
        result.put("policy", policy);
        result.put("rule", rule);
        result.put("category", CATEGORY);
        result.put("result", outcome);
        result.put("scored", !outcome.equals("warn"));
        result.put("message", message);
        result.put("timestamp", Map.of("seconds", at.getEpochSecond(), "nanos", 0));
        result.put("resources", List.of(resource(workload)));
        result.put("properties", properties(workload, finding));
        return result;
    }

    private static Map<String, Object> resource(WorkloadVerdict workload) {
        Map<String, Object> resource = new LinkedHashMap<>();
        if (workload.apiVersion() != null) {
            resource.put("apiVersion", workload.apiVersion());
        }
        resource.put("kind", workload.workload().kind());
        resource.put("name", workload.workload().name());
        if (workload.workload().namespace() != null) {
            resource.put("namespace", workload.workload().namespace());
        }
        if (workload.uid() != null) {
            resource.put("uid", workload.uid());
        }
        return resource;
    }

    /** Properties are strings in the PolicyReport API. */
    private static Map<String, Object> properties(WorkloadVerdict workload, Finding finding) {
        Map<String, Object> properties = new LinkedHashMap<>();
        ImageVerdict verdict = workload.verdict();
        properties.put("image", verdict.image());
        properties.put("container", workload.container());
        ImageWeight weight = verdict.weight();
        if (weight != null) {
            properties.put("sizeBytes", String.valueOf(weight.sizeBytes()));
            properties.put("size", ByteSizes.format(weight.sizeBytes()));
            properties.put("digest", weight.digest().toString());
        }
        if (finding != null && finding.lifted()) {
            properties.put("exception", finding.liftedBy());
        }
        if (finding != null && finding.dryRun()) {
            properties.put("enforcement", "dryrun");
        }
        return properties;
    }

    private static String shown(ImageVerdict verdict) {
        return verdict.weight() != null ? verdict.weight().reference().toString() : verdict.image();
    }
}
