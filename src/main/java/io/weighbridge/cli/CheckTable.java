package io.weighbridge.cli;

import io.weighbridge.check.CheckReport;
import io.weighbridge.check.CheckReport.FindingEntry;
import io.weighbridge.check.CheckReport.ImageEntry;
import io.weighbridge.check.CheckReport.ImageUser;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.ByteSizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A check report as a table to read at a glance: one row per image, and under it who uses it
 * and why it was warned about or denied.
 */
final class CheckTable {
    private static final List<String> HEADINGS = List.of("IMAGE", "SIZE", "LAYERS", "BASE", "VERDICT");
    private static final String NOT_WEIGHED = "-";
    private static final String INDENT = "    ";

    private final CheckReport report;

    CheckTable(CheckReport report) {
        this.report = report;
    }

    String render() {
        if (report.images().isEmpty()) {
            return dockerfileSection()
                    + (report.dockerfile().isEmpty() ? "no images to check\n" : "\n" + summary() + "\n");
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADINGS);
        report.images().forEach(image -> rows.add(cells(image)));
        int[] widths = Columns.widths(rows);
        StringBuilder text = new StringBuilder();
        Columns.appendRow(text, HEADINGS, widths);
        for (int i = 0; i < report.images().size(); i++) {
            Columns.appendRow(text, rows.get(i + 1), widths);
            appendDetails(text, report.images().get(i));
        }
        if (!report.dockerfile().isEmpty()) {
            text.append('\n').append(dockerfileSection());
        }
        return text.append('\n').append(summary()).append('\n').toString();
    }

    /** The Dockerfile lint findings, one per line. */
    private String dockerfileSection() {
        StringBuilder text = new StringBuilder();
        if (!report.dockerfile().isEmpty()) {
            text.append("Dockerfile:\n");
        }
        for (FindingEntry finding : report.dockerfile()) {
            text.append(INDENT)
                    .append(label(finding))
                    .append(' ')
                    .append(finding.rule())
                    .append(": ")
                    .append(finding.message())
                    .append('\n');
        }
        return text.toString();
    }

    private static List<String> cells(ImageEntry image) {
        if (!image.weighed()) {
            return List.of(image.image(), NOT_WEIGHED, NOT_WEIGHED, NOT_WEIGHED, shout(image.verdict()));
        }
        return List.of(
                image.image(),
                ByteSizes.format(image.sizeBytes()),
                String.valueOf(image.layers()),
                image.base() == null ? NOT_WEIGHED : image.base(),
                shout(image.verdict()));
    }

    private static void appendDetails(StringBuilder text, ImageEntry image) {
        for (ImageUser user : image.usedBy()) {
            text.append(INDENT).append("used by ").append(user.object());
            if (user.buildBase() != null) {
                text.append(" as build base (").append(user.buildBase()).append(')');
            } else {
                text.append(", container ").append(user.container());
            }
            text.append('\n');
        }
        if (image.error() != null) {
            text.append(INDENT).append("not weighed: ").append(image.error()).append('\n');
        }
        for (FindingEntry finding : image.findings()) {
            text.append(INDENT)
                    .append(label(finding))
                    .append(' ')
                    .append(finding.policy())
                    .append('/')
                    .append(finding.rule())
                    .append(": ")
                    .append(finding.message())
                    .append('\n');
        }
    }

    private static String label(FindingEntry finding) {
        return finding.dryRun() ? "[dry run]" : "[" + finding.action().id() + "]";
    }

    private String summary() {
        Map<Action, Long> counts = report.countByVerdict();
        String perVerdict = counts.entrySet().stream()
                .sorted(Map.Entry.<Action, Long>comparingByKey().reversed())
                .map(entry -> entry.getValue() + " " + entry.getKey().id())
                .collect(Collectors.joining(", "));
        int total = report.images().size();
        return "verdict: " + shout(report.verdict()) + " (" + total + (total == 1 ? " image: " : " images: ")
                + perVerdict + ")";
    }

    private static String shout(Action action) {
        return action.id().toUpperCase(Locale.ROOT);
    }
}
