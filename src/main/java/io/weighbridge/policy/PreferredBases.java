package io.weighbridge.policy;

import io.weighbridge.image.ImageReference;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether an image is built on one of a rule's preferred bases. A distribution id matches the
 * detected base ({@code ubi} accepts the RHEL family). An image reference matches when that
 * image's layers are the first layers of the judged image. When the base could not be detected
 * (not in time, or not from the bottom layers), distribution ids cannot say no: the rule is not
 * applied, and the image is never denied for a base nobody saw.
 */
final class PreferredBases {
    private PreferredBases() {}

    /**
     * The answer: on a preferred base, not on one, undecided because a preferred base image could
     * not be weighed, or not known because the image's own base could not be detected.
     */
    record Check(boolean preferred, String undecidedBecause, boolean baseUndetected) {
        static final Check YES = new Check(true, null, false);
        static final Check NO = new Check(false, null, false);
        static final Check BASE_UNDETECTED = new Check(false, null, true);

        boolean undecided() {
            return undecidedBecause != null;
        }
    }

    static List<ImageReference> references(List<String> preferred) {
        List<ImageReference> references = new ArrayList<>();
        for (String entry : preferred) {
            if (!BaseFamilies.isDistributionId(entry)) {
                references.add(ImageReference.parse(entry));
            }
        }
        return references;
    }

    static Check check(List<String> preferred, ImageWeight image, Map<ImageReference, Weighing> bases) {
        List<String> unweighed = new ArrayList<>();
        boolean byDistribution = false;
        for (String entry : preferred) {
            if (BaseFamilies.isDistributionId(entry)) {
                byDistribution = true;
                if (image.base() != null
                        && BaseFamilies.accepts(entry, image.base().distribution())) {
                    return Check.YES;
                }
                continue;
            }
            ImageReference reference = ImageReference.parse(entry);
            Weighing base = bases.get(reference);
            if (base == null || !base.succeeded()) {
                unweighed.add(entry + " (" + (base == null ? "not weighed" : base.error()) + ")");
            } else if (startsWith(image.layers(), base.weight().layers())) {
                return Check.YES;
            }
        }
        if (!unweighed.isEmpty()) {
            return new Check(false, "preferred base " + String.join(", ", unweighed) + " could not be weighed", false);
        }
        boolean undetected = image.base() == null || !image.base().known();
        return byDistribution && undetected ? Check.BASE_UNDETECTED : Check.NO;
    }

    private static boolean startsWith(List<Layer> layers, List<Layer> prefix) {
        if (prefix.isEmpty() || prefix.size() > layers.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (!layers.get(i).digest().equals(prefix.get(i).digest())) {
                return false;
            }
        }
        return true;
    }
}
