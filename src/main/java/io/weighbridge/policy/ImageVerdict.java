package io.weighbridge.policy;

import io.weighbridge.image.ImageWeight;
import java.util.List;

/**
 * The judgement of one image.
 *
 * @param image the image as given by the user
 * @param weight what it weighs, or {@code null} when it could not be weighed or no policy judged it
 * @param error why it could not be weighed, or {@code null}
 * @param findings every rule that matched, in policy order
 * @param verdict the strongest effective action of the findings
 * @param notJudgedBecause why no policy judged it, so it was not weighed ({@code excluded by policy
 *     ml (excludeImages "quay.io/acme/ml-*")}, {@code no policy applies to namespace web}), or
 *     {@code null} when some policy judged it
 * @param rulesApplied every rule that judged the image, matched or not (a PolicyReport's passes are
 *     the ones without a finding)
 */
public record ImageVerdict(
        String image,
        ImageWeight weight,
        String error,
        List<Finding> findings,
        Action verdict,
        String notJudgedBecause,
        List<RuleRef> rulesApplied) {
    public ImageVerdict {
        findings = List.copyOf(findings);
        rulesApplied = List.copyOf(rulesApplied);
    }

    public ImageVerdict(String image, ImageWeight weight, String error, List<Finding> findings, Action verdict) {
        this(image, weight, error, findings, verdict, null, List.of());
    }

    public ImageVerdict(
            String image,
            ImageWeight weight,
            String error,
            List<Finding> findings,
            Action verdict,
            String notJudgedBecause) {
        this(image, weight, error, findings, verdict, notJudgedBecause, List.of());
    }

    public ImageVerdict(
            String image,
            ImageWeight weight,
            String error,
            List<Finding> findings,
            Action verdict,
            List<RuleRef> rulesApplied) {
        this(image, weight, error, findings, verdict, null, rulesApplied);
    }

    /** The same judgement with other findings and verdict (an exception lifted some). */
    public ImageVerdict withFindings(List<Finding> newFindings, Action newVerdict) {
        return new ImageVerdict(image, weight, error, newFindings, newVerdict, notJudgedBecause, rulesApplied);
    }

    /** An image no policy judges: allowed, not weighed, and why. */
    public static ImageVerdict notJudged(String image, String because) {
        return new ImageVerdict(image, null, null, List.of(), Action.ALLOW, because, List.of());
    }

    public boolean judged() {
        return notJudgedBecause == null;
    }

    /** Why there is no weight: the registry's failure, or why no policy judged the image; {@code null} when weighed. */
    public String whyNotWeighed() {
        if (weight != null) {
            return null;
        }
        return error != null ? error : notJudgedBecause;
    }
}
