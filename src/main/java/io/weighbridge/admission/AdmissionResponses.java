package io.weighbridge.admission;

import io.weighbridge.admission.AdmissionAnswer.Denial;
import io.weighbridge.image.OneLine;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.FindingMessages;
import io.weighbridge.policy.ImageVerdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns a decision into the answer the apiserver expects back ({@link AnswerJson} writes it). */
final class AdmissionResponses {

    /**
     * The apiserver passes a request's warnings on, from every webhook and its own, up to 4,096
     * characters in all; past that it cuts each to 256 characters and then drops the rest, and it
     * drops any warning with a control character (k8s.io/apiserver endpoints/filters/warning.go,
     * apimachinery's NewWarningHeader). A warning is cut here at 256, readably, and weighbridge
     * uses at most half of the total, in at most {@value #MAX_WARNINGS} warnings and a line counting
     * the rest, so that other webhooks' warnings and the apiserver's own still get through.
     */
    static final int MAX_WARNING_CHARS = 256;

    static final int MAX_WARNINGS = 10;
    static final int MAX_WARNING_TOTAL_CHARS = 2048;

    /**
     * A denial's message is printed by kubectl after "admission webhook … denied the request:",
     * one finding per line: at most {@value #MAX_MESSAGE_LINES} lines and {@value
     * #MAX_MESSAGE_BYTES} bytes, then a line counting the rest. `weighbridge check` lists them all.
     */
    static final int MAX_MESSAGE_LINES = 10;

    static final int MAX_MESSAGE_BYTES = 4096;

    private static final MessageCap DENY_LINES = new MessageCap(
            MAX_MESSAGE_LINES, MAX_MESSAGE_BYTES, line -> line.getBytes(StandardCharsets.UTF_8).length + 1, "denied");
    private static final MessageCap WARNINGS = new MessageCap(
            MAX_WARNINGS,
            MAX_WARNING_TOTAL_CHARS,
            warning -> warning.codePointCount(0, warning.length()),
            "warned about");

    private AdmissionResponses() {}

    static AdmissionAnswer allowed(ReceivedReview review) {
        return answer(review, true, null, List.of());
    }

    static AdmissionAnswer judged(ReceivedReview review, Evaluation evaluation) {
        List<String> warnings = warningsOf(evaluation);
        if (evaluation.verdict() != Action.DENY) {
            return answer(review, true, null, warnings);
        }
        return answer(review, false, new Denial(403, "Forbidden", denyMessageOf(evaluation)), warnings);
    }

    /** Allowed, with a warning saying the images were not judged and why. */
    static AdmissionAnswer allowedUnjudged(ReceivedReview review, String warning) {
        return answer(review, true, null, List.of(truncated(warning)));
    }

    /**
     * One deny message per line. Each is a whole sentence naming image, size, limit, rule and a
     * remedy; kubectl prints the first after "admission webhook … denied the request:" and the
     * rest below it, where "; "-joined sentences would run into one wrapped paragraph.
     */
    static String denyMessageOf(Evaluation evaluation) {
        return String.join("\n", DENY_LINES.apply(entries(evaluation, Action.DENY, false)));
    }

    static List<String> warningsOf(Evaluation evaluation) {
        return WARNINGS.apply(entries(evaluation, Action.WARN, true).stream()
                .map(entry -> new MessageCap.Entry(entry.subject(), truncated(entry.text())))
                .toList());
    }

    /** The findings with the action, each as one line with the image it is about, in order. */
    private static List<MessageCap.Entry> entries(Evaluation evaluation, Action action, boolean skipDryRun) {
        List<MessageCap.Entry> entries = new ArrayList<>();
        for (ImageVerdict image : evaluation.images()) {
            for (Finding finding : image.findings()) {
                if (finding.action() == action && !(skipDryRun && finding.dryRun())) {
                    entries.add(new MessageCap.Entry(image.image(), oneLine(finding.message())));
                }
            }
        }
        for (Finding finding : evaluation.dockerfileFindings()) {
            if (finding.action() == action && !(skipDryRun && finding.dryRun())) {
                entries.add(new MessageCap.Entry(null, oneLine(finding.message())));
            }
        }
        return entries;
    }

    private static String truncated(String warning) {
        if (warning.length() <= MAX_WARNING_CHARS) {
            return warning;
        }
        int end = MAX_WARNING_CHARS - 1;
        if (Character.isHighSurrogate(warning.charAt(end - 1))) {
            end--;
        }
        return warning.substring(0, end) + "…";
    }

    /**
     * A message with a line break would split the one entry it is meant to be, and the apiserver
     * drops a warning with any control character; no line is longer than a finding may be.
     */
    private static String oneLine(String message) {
        return message == null ? "" : OneLine.cap(message, FindingMessages.DENIAL_LIMIT);
    }

    private static AdmissionAnswer answer(
            ReceivedReview review, boolean allowed, Denial denial, List<String> warnings) {
        return new AdmissionAnswer(review.apiVersion(), review.uid(), allowed, denial, warnings);
    }
}
