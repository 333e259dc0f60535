package io.weighbridge.admission;

/** The body is not an AdmissionReview the webhook can answer; the message is the one-line reason. */
final class MalformedReviewException extends RuntimeException {

    MalformedReviewException(String reason) {
        super(reason, null, false, false);
    }
}
