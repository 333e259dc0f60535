package io.weighbridge.cli;

import io.weighbridge.audit.AuditReport;
import io.weighbridge.audit.AuditReport.AuditFinding;
import io.weighbridge.audit.AuditReport.AuditImage;
import io.weighbridge.audit.AuditReport.ImageWorkload;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.ByteSizes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** An audit report as one row per image, largest first, with who uses it and which rules it breaks. */
final class AuditTable {
    private static final List<String> HEADINGS =
            List.of("IMAGE", "SIZE", "VERDICT", "RULE(S)", "NAMESPACE(S)", "WORKLOADS");
    /** Longer lists end in "+N more": the JSON output has them all. */
    private static final int SHOWN = 3;

    private static final String NONE = "-";

    private final AuditReport report;

    AuditTable(AuditReport report) {
        this.report = report;
    }

    String render() {
        StringBuilder text = new StringBuilder();
        if (report.images().isEmpty()) {
            text.append("no workloads with images found\n");
        } else {
            List<List<String>> rows = new ArrayList<>();
            rows.add(HEADINGS);
            report.images().forEach(image -> rows.add(cells(image)));
            int[] widths = Columns.widths(rows);
            rows.forEach(row -> Columns.appendRow(text, row, widths));
            text.append('\n');
        }
        report.notes().forEach(note -> text.append("note: ").append(note).append('\n'));
        return text.append(summary()).append('\n').toString();
    }

    private static List<String> cells(AuditImage image) {
        return List.of(
                image.image(),
                image.weighed() ? ByteSizes.format(image.sizeBytes()) : NONE,
                shout(image.verdict()),
                rules(image),
                shortened(image.namespaces()),
                shortened(image.workloads().stream()
                        .map(w -> workload(image, w))
                        .distinct()
                        .toList()));
    }

    /** Marks a workload whose pull secrets could not weigh an image that others could. */
    private static String workload(AuditImage image, ImageWorkload workload) {
        String name = workload.kind() + "/" + workload.name();
        return image.weighed() && workload.error() != null ? name + " (not weighed)" : name;
    }

    private static String rules(AuditImage image) {
        Set<String> rules = new LinkedHashSet<>();
        for (AuditFinding finding : image.findings()) {
            if (finding.dryRun()) {
                rules.add(finding.policy() + "/" + finding.rule() + " (dry run)");
            } else if (finding.action() != Action.ALLOW) {
                rules.add(finding.policy() + "/" + finding.rule());
            }
        }
        return rules.isEmpty() ? NONE : String.join(", ", rules);
    }

    private static String shortened(List<String> items) {
        if (items.isEmpty()) {
            return NONE;
        }
        String shown = String.join(", ", items.subList(0, Math.min(SHOWN, items.size())));
        return items.size() > SHOWN ? shown + " +" + (items.size() - SHOWN) + " more" : shown;
    }

    private String summary() {
        Map<Action, Long> counts = new EnumMap<>(Action.class);
        report.images().forEach(image -> counts.merge(image.verdict(), 1L, Long::sum));
        String perVerdict = counts.entrySet().stream()
                .sorted(Map.Entry.<Action, Long>comparingByKey().reversed())
                .map(entry -> entry.getValue() + " " + entry.getKey().id())
                .collect(Collectors.joining(", "));
        String scope = report.namespace() == null ? "all namespaces" : "namespace " + report.namespace();
        return "verdict: " + shout(report.verdict()) + " (" + scope + ": " + report.workloads() + " workloads, "
                + report.images().size() + " images" + (perVerdict.isEmpty() ? "" : ": " + perVerdict) + ")";
    }

    private static String shout(Action action) {
        return action.id().toUpperCase(Locale.ROOT);
    }
}
