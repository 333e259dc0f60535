package io.weighbridge.admission;

import static io.weighbridge.admission.ScriptedPolicyEngine.deny;
import static io.weighbridge.admission.ScriptedPolicyEngine.dryRun;
import static io.weighbridge.admission.ScriptedPolicyEngine.warn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequestBuilder;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionResponsesTest {

    private static final ReceivedReview REVIEW = new ReceivedReview(
            "admission.k8s.io/v1",
            new AdmissionRequestBuilder()
                    .withUid("705ab4f5-6393-11e8-b7cc-42010a800002")
                    .withOperation("CREATE")
                    .build(),
            null,
            null);

    @Test
    void joinsDenyMessagesOnePerLineEachOnce() {
        Evaluation evaluation = evaluation(
                Action.DENY,
                deny("hard-cap", "image a is 6 GiB,\n above 5 GiB"),
                deny("hard-cap", "image a is 6 GiB, above 5 GiB"),
                deny("hard-cap", "image b is 7 GiB, above 5 GiB"),
                warn("very-big", "image c is 2 GiB, above 1 GiB"));
        assertEquals(
                "image a is 6 GiB, above 5 GiB\nimage b is 7 GiB, above 5 GiB",
                AdmissionResponses.denyMessageOf(evaluation));
    }

    @Test
    void leavesDryRunFindingsOutOfWarnings() {
        Evaluation evaluation = evaluation(Action.WARN, warn("very-big", "big"), dryRun("tight-cap", "tight"));
        assertEquals(List.of("big"), AdmissionResponses.warningsOf(evaluation));
    }

    @Test
    void cutsALongWarningWithoutSplittingACharacter() {
        String emoji = "\uD83D\uDCE6";
        String warning = "x".repeat(254) + emoji + "tail";
        String cut = AdmissionResponses.warningsOf(evaluation(Action.WARN, warn("very-big", warning)))
                .get(0);
        assertEquals("x".repeat(254) + "…", cut);
    }

    @Test
    void allowsAWarnVerdictWithoutAStatus() {
        AdmissionAnswer answer = AdmissionResponses.judged(REVIEW, evaluation(Action.WARN, warn("very-big", "big")));
        assertEquals(true, answer.allowed());
        assertEquals(null, answer.denial());
        assertEquals("705ab4f5-6393-11e8-b7cc-42010a800002", answer.uid());
    }

    private static Evaluation evaluation(Action verdict, Finding... findings) {
        return new Evaluation(verdict, List.of(new ImageVerdict("img", null, null, List.of(findings), verdict)));
    }
}
