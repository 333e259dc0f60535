package io.weighbridge.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequestBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link AnswerJson} writes what fabric8's {@code AdmissionReview} rendered for the same answer,
 * built as {@code AdmissionResponses} built it before the answer was written straight to bytes:
 * every shape the webhook answers, and text a generator must escape (quotes, backslashes,
 * control characters, line and paragraph separators, lone surrogates, emoji, long lines),
 * compared as parsed JSON trees.
 */
class AnswerJsonAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UID = "705ab4f5-6393-11e8-b7cc-42010a800002";
    private static final List<String> HARD_TEXT = List.of(
            "",
            "plain",
            "quote \" and backslash \\ and slash /",
            "tab\tnewline\ncarriage\rnul\u0000bell\u0007escape\u001b del\u007f",
            "line\u2028paragraph\u2029 bidi\u202eoverride zero\u200bwidth",
            "lone high \ud800 and lone low \udc00 and a pair \ud83d\ude80",
            "ünïcödé 中文 עברית emoji 🐳📦",
            "</script><!-- & ' <",
            "x".repeat(300) + "🐳" + "y".repeat(5000));

    @Test
    void allowedAgrees() {
        for (String apiVersion : List.of("admission.k8s.io/v1", "admission.k8s.io/v1beta1")) {
            ReceivedReview review = review(apiVersion, UID);
            assertAgrees(
                    fabric8(review, new AdmissionResponseBuilder().withAllowed(true)),
                    AdmissionResponses.allowed(review));
        }
    }

    @Test
    void allowedUnjudgedAgreesForEveryHardText() {
        for (String warning : HARD_TEXT) {
            ReceivedReview review = review("admission.k8s.io/v1beta1", UID);
            AdmissionAnswer answer = AdmissionResponses.allowedUnjudged(review, warning);
            assertAgrees(
                    fabric8(
                            review,
                            new AdmissionResponseBuilder().withAllowed(true).withWarnings(answer.warnings())),
                    answer);
        }
    }

    @Test
    void judgedAgreesForEveryVerdictAndHardText() {
        for (String text : HARD_TEXT) {
            for (Action verdict : Action.values()) {
                assertJudgedAgrees(review("admission.k8s.io/v1", UID), evaluation(verdict, text));
            }
        }
    }

    @Test
    void judgedWithoutFindingsAgrees() {
        assertJudgedAgrees(
                review("admission.k8s.io/v1", UID),
                new Evaluation(Action.ALLOW, List.of(new ImageVerdict("img", null, null, List.of(), Action.ALLOW))));
    }

    /** A deny message and warnings past their caps: ten lines and a count, ten warnings and a count. */
    @Test
    void cappedMessagesAndWarningsAgree() {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            findings.add(new Finding("hard-cap", "p", Action.DENY, "image " + i + " is big " + "z".repeat(200), false));
            findings.add(
                    new Finding("very-big", "p", Action.WARN, "image " + i + " is large " + "w".repeat(300), false));
        }
        Evaluation evaluation =
                new Evaluation(Action.DENY, List.of(new ImageVerdict("img", null, null, findings, Action.DENY)));
        assertJudgedAgrees(review("admission.k8s.io/v1", UID), evaluation);
    }

    /** Random text of the characters a generator must escape, in the uid, the apiVersion and every message. */
    @Test
    void randomTextAgrees() {
        Random random = new Random(13);
        for (int i = 0; i < 300; i++) {
            ReceivedReview review = review(randomText(random), randomText(random));
            assertJudgedAgrees(review, evaluation(Action.values()[i % 3], randomText(random)));
            AdmissionAnswer unjudged = AdmissionResponses.allowedUnjudged(review, randomText(random));
            assertAgrees(
                    fabric8(
                            review,
                            new AdmissionResponseBuilder().withAllowed(true).withWarnings(unjudged.warnings())),
                    unjudged);
        }
    }

    @Test
    void aMissingUidIsLeftOutBothWays() {
        ReceivedReview review = review("admission.k8s.io/v1", null);
        assertAgrees(
                fabric8(review, new AdmissionResponseBuilder().withAllowed(true)), AdmissionResponses.allowed(review));
        assertJudgedAgrees(review, evaluation(Action.DENY, "no uid"));
    }

    /** The rendering AdmissionResponses.judged did through fabric8's builders. */
    private static void assertJudgedAgrees(ReceivedReview review, Evaluation evaluation) {
        List<String> warnings = AdmissionResponses.warningsOf(evaluation);
        AdmissionResponseBuilder response = evaluation.verdict() != Action.DENY
                ? new AdmissionResponseBuilder().withAllowed(true).withWarnings(warnings)
                : new AdmissionResponseBuilder()
                        .withAllowed(false)
                        .withStatus(new StatusBuilder()
                                .withStatus("Failure")
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage(AdmissionResponses.denyMessageOf(evaluation))
                                .build())
                        .withWarnings(warnings);
        assertAgrees(fabric8(review, response), AdmissionResponses.judged(review, evaluation));
    }

    private static AdmissionReview fabric8(ReceivedReview review, AdmissionResponseBuilder response) {
        return new AdmissionReviewBuilder()
                .withApiVersion(review.apiVersion())
                .withKind("AdmissionReview")
                .withResponse(response.withUid(review.uid()).build())
                .build();
    }

    private static void assertAgrees(AdmissionReview byFabric8, AdmissionAnswer answer) {
        try {
            JsonNode expected = JSON.readTree(JSON.writeValueAsBytes(byFabric8));
            JsonNode written = JSON.readTree(AnswerJson.write(answer));
            assertEquals(expected, written);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ReceivedReview review(String apiVersion, String uid) {
        return new ReceivedReview(
                apiVersion,
                new AdmissionRequestBuilder()
                        .withUid(uid)
                        .withOperation("CREATE")
                        .build(),
                null,
                null);
    }

    /** One finding of each action with the text, on one image and in the Dockerfile's findings. */
    private static Evaluation evaluation(Action verdict, String text) {
        List<Finding> findings = List.of(
                new Finding("hard-cap", "p", Action.DENY, "denied: " + text, false),
                new Finding("very-big", "p", Action.WARN, "warned: " + text, false),
                new Finding("dry", "p", Action.WARN, "dry run: " + text, true));
        return new Evaluation(
                verdict,
                List.of(new ImageVerdict(text, null, null, findings, verdict)),
                List.of(new Finding("apt", "p", Action.WARN, "dockerfile: " + text, false, 3)));
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(random.nextInt(10) == 0 ? 600 : 40);
        for (int i = 0; i < length; i++) {
            text.append(
                    switch (random.nextInt(6)) {
                        case 0 -> (char) random.nextInt(0x20);
                        case 1 -> "\"\\/\u007f\u2028\u2029".charAt(random.nextInt(6));
                        case 2 -> (char) (0xd800 + random.nextInt(0x800));
                        case 3 -> "🐳";
                        case 4 -> (char) (0x80 + random.nextInt(0xd000));
                        default -> (char) (0x20 + random.nextInt(0x5f));
                    });
        }
        return text.toString();
    }
}
