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
 */
public record ImageVerdict(
        String image, ImageWeight weight, String error, List<Finding> findings, Action verdict) {
    public ImageVerdict {
        findings = List.copyOf(findings);
    }
}
