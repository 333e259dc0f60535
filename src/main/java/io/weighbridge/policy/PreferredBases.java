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

    /**
     * One {@code preferredBases} entry, read once with its policy.
     *
     * @param written the entry as written
     * @param reference the image it names, or {@code null} for a distribution id
     */
    record Preferred(String written, ImageReference reference) {
        boolean distributionId() {
            return reference == null;
        }
    }

    /** The entries, each an image reference parsed or a distribution id. */
    static List<Preferred> read(List<String> preferred) {
        List<Preferred> entries = new ArrayList<>(preferred.size());
        for (String entry : preferred) {
            entries.add(
                    new Preferred(entry, BaseFamilies.isDistributionId(entry) ? null : ImageReference.parse(entry)));
        }
        return List.copyOf(entries);
    }

    static Check check(List<Preferred> preferred, ImageWeight image, Map<ImageReference, Weighing> bases) {
        List<String> unweighed = new ArrayList<>();
        boolean byDistribution = false;
        for (Preferred entry : preferred) {
            if (entry.distributionId()) {
                byDistribution = true;
                if (image.base() != null
                        && BaseFamilies.accepts(entry.written(), image.base().distribution())) {
                    return Check.YES;
                }
                continue;
            }
            Weighing base = bases.get(entry.reference());
            if (base == null || !base.succeeded()) {
                unweighed.add(entry.written() + " (" + (base == null ? "not weighed" : base.error()) + ")");
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
