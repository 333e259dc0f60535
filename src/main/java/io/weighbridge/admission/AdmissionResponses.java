package io.weighbridge.admission;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.Finding;
import java.util.List;

/** Renders a decision as the AdmissionReview the apiserver expects back. */
final class AdmissionResponses {

    /** The apiserver truncates longer warnings; cutting them here keeps the cut readable. */
    static final int MAX_WARNING_CHARS = 256;

    private AdmissionResponses() {}

    static AdmissionReview allowed(ReceivedReview review) {
        return reviewOf(review, response(review).withAllowed(true).build());
    }

    static AdmissionReview judged(ReceivedReview review, Evaluation evaluation) {
        List<String> warnings = warningsOf(evaluation);
        if (evaluation.verdict() != Action.DENY) {
            return reviewOf(review, response(review).withAllowed(true).withWarnings(warnings).build());
        }
        return reviewOf(review, response(review)
                .withAllowed(false)
                .withStatus(status(403, "Forbidden", denyMessageOf(evaluation)))
                .withWarnings(warnings)
                .build());
    }

    /** Allowed, with a warning saying the images were not judged and why. */
    static AdmissionReview allowedUnjudged(ReceivedReview review, String warning) {
        return reviewOf(review, response(review)
                .withAllowed(true)
                .withWarnings(List.of(truncated(warning)))
                .build());
    }

    /**
     * One deny message per line. Each is a whole sentence naming image, size, limit, rule and a
     * remedy; kubectl prints the first after "admission webhook … denied the request:" and the
     * rest below it, where "; "-joined sentences would run into one wrapped paragraph.
     */
    static String denyMessageOf(Evaluation evaluation) {
        return String.join("\n", evaluation.findingsWith(Action.DENY).stream()
                .map(Finding::message)
                .map(AdmissionResponses::oneLine)
                .distinct()
                .toList());
    }

    static List<String> warningsOf(Evaluation evaluation) {
        return evaluation.findingsWith(Action.WARN).stream()
                .filter(finding -> !finding.dryRun())
                .map(Finding::message)
                .map(AdmissionResponses::oneLine)
                .map(AdmissionResponses::truncated)
                .distinct()
                .toList();
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

    /** A message with a line break would split the one entry it is meant to be. */
    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }

    private static Status status(int code, String reason, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build();
    }

    private static AdmissionResponseBuilder response(ReceivedReview review) {
        return new AdmissionResponseBuilder().withUid(review.uid());
    }

    private static AdmissionReview reviewOf(ReceivedReview review, AdmissionResponse response) {
        return new AdmissionReviewBuilder()
                .withApiVersion(review.apiVersion())
                .withKind("AdmissionReview")
                .withResponse(response)
                .build();
    }
}
