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
 * image's layers are the first layers of the judged image.
 */
final class PreferredBases {
    private PreferredBases() {}

    /** The answer: on a preferred base, not on one, or undecided because a base could not be weighed. */
    record Check(boolean preferred, String undecidedBecause) {
        static final Check YES = new Check(true, null);
        static final Check NO = new Check(false, null);

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
        for (String entry : preferred) {
            if (BaseFamilies.isDistributionId(entry)) {
                if (image.base() != null && BaseFamilies.accepts(entry, image.base().distribution())) {
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
        return unweighed.isEmpty()
                ? Check.NO
                : new Check(false, "preferred base " + String.join(", ", unweighed) + " could not be weighed");
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
