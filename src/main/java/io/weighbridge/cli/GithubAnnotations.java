package io.weighbridge.cli;

import io.weighbridge.check.CheckReport;
import io.weighbridge.check.CheckReport.FindingEntry;
import io.weighbridge.check.CheckReport.ImageEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Findings as GitHub Actions workflow commands ({@code ::error file=Dockerfile,line=3,title=…::…}),
 * which the runner shows as annotations on the job and on the lines of the pull request. Printed
 * after the table when {@code GITHUB_ACTIONS=true}; never with {@code -o json} or {@code -o sarif},
 * whose stdout must stay one document.
 */
final class GithubAnnotations {
    private GithubAnnotations() {}

    /** Whether this runs as a step of a GitHub Actions job. */
    static boolean inActions(Map<String, String> environment) {
        return "true".equals(environment.get("GITHUB_ACTIONS"));
    }

    /** One workflow command per finding that is not a plain allow (dry-run findings are notices). */
    static List<String> of(CheckReport report, CheckedSource source) {
        List<String> lines = new ArrayList<>();
        for (ImageEntry image : report.images()) {
            OptionalInt line = source == null ? OptionalInt.empty() : source.lineOf(image);
            for (FindingEntry finding : image.findings()) {
                command(finding, SarifReport.policyRuleId(finding), source, line)
                        .ifPresent(lines::add);
            }
        }
        for (FindingEntry finding : report.dockerfile()) {
            command(finding, finding.rule(), source, source == null ? OptionalInt.empty() : source.lineOf(finding))
                    .ifPresent(lines::add);
        }
        return lines;
    }

    private static java.util.Optional<String> command(
            FindingEntry finding, String title, CheckedSource source, OptionalInt line) {
        String level = switch (SarifReport.level(finding)) {
            case "error" -> "error";
            case "warning" -> "warning";
            default -> finding.dryRun() ? "notice" : null;
        };
        if (level == null) {
            return java.util.Optional.empty();
        }
        StringBuilder command = new StringBuilder("::").append(level).append(' ');
        if (source != null) {
            command.append("file=").append(property(source.file())).append(',');
            line.ifPresent(number -> command.append("line=").append(number).append(','));
        }
        command.append("title=")
                .append(property("weighbridge " + title))
                .append("::")
                .append(data(finding.message()));
        return java.util.Optional.of(command.toString());
    }

    /** Escapes a message as the runner unescapes it. */
    static String data(String text) {
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escapes a property value (file, title): also the separators {@code :} and {@code ,}. */
    static String property(String text) {
        return data(text).replace(":", "%3A").replace(",", "%2C");
    }
}
