package io.weighbridge.admission;

import java.util.List;

/**
 * What weighbridge answers to one AdmissionReview: the fields of {@code response} it sets, and
 * nothing else (no patch, no audit annotations). {@link AnswerJson} writes it as the apiserver
 * reads it.
 *
 * @param apiVersion the review's own apiVersion, echoed ({@code admission.k8s.io/v1} or {@code v1beta1})
 * @param uid the request's uid, echoed
 * @param allowed whether the object is admitted
 * @param denial why not, as the response's {@code status}; {@code null} when allowed
 * @param warnings shown by kubectl, in order; may be empty
 */
record AdmissionAnswer(String apiVersion, String uid, boolean allowed, Denial denial, List<String> warnings) {

    AdmissionAnswer {
        warnings = List.copyOf(warnings);
    }

    /** The {@code status} of a refused request: {@code Failure}, with its HTTP code, reason and message. */
    record Denial(int code, String reason, String message) {}
}
