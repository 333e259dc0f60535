package io.weighbridge.policy;

import io.weighbridge.image.ImageWeight;
import java.util.List;

/**
 * The judgement of one image.
 *
 * @param image the image as given by the user
 * @param weight what it weighs, or {@code null} when it could not be weighed
 * @param error why it could not be weighed, or {@code null}
 * @param findings every rule that matched, in policy order
 * @param verdict the strongest effective action of the findings
 * @param rulesApplied every rule that judged the image, matched or not (a PolicyReport's passes are
 *     the ones without a finding)
 */
public record ImageVerdict(
        String image, ImageWeight weight, String error, List<Finding> findings, Action verdict, List<RuleRef> rulesApplied) {
    public ImageVerdict {
        findings = List.copyOf(findings);
        rulesApplied = List.copyOf(rulesApplied);
    }

    public ImageVerdict(String image, ImageWeight weight, String error, List<Finding> findings, Action verdict) {
        this(image, weight, error, findings, verdict, List.of());
    }
}
