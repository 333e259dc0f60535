package io.weighbridge.check;

import io.weighbridge.image.BaseImage;
import io.weighbridge.image.Digest;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.Layer;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageVerdict;
import java.util.List;

/** Image verdicts as the engine would build them, for tests of what renders them. */
public final class Verdicts {
    public static final long MIB = 1024 * 1024;

    private Verdicts() {}

    /** An image of two layers (bottom {@code bottomMib}, top 1 MiB) and a 2 KiB config. */
    public static ImageWeight weight(String image, long bottomMib, BaseImage base) {
        return new ImageWeight(
                ImageReference.parse(image),
                Digest.parse("sha256:" + "a".repeat(64)),
                "linux/amd64",
                2048,
                List.of(
                        new Layer(
                                Digest.parse("sha256:" + "b".repeat(64)),
                                bottomMib * MIB,
                                "application/vnd.oci.image.layer.v1.tar+gzip",
                                null),
                        new Layer(
                                Digest.parse("sha256:" + "c".repeat(64)),
                                MIB,
                                "application/vnd.oci.image.layer.v1.tar+gzip",
                                "RUN make")),
                base);
    }

    public static ImageVerdict weighed(String image, long bottomMib, Finding... findings) {
        return new ImageVerdict(
                image,
                weight(image, bottomMib, new BaseImage("alpine", "3.20.3")),
                null,
                List.of(findings),
                strongest(findings));
    }

    public static ImageVerdict notWeighed(String image, String error, Finding... findings) {
        return new ImageVerdict(image, null, error, List.of(findings), strongest(findings));
    }

    public static Finding finding(String rule, Action action, String message) {
        return new Finding(rule, "cluster-defaults", action, message, false);
    }

    public static Finding dryRunFinding(String rule, String message) {
        return new Finding(rule, "trial", Action.ALLOW, message, true);
    }

    private static Action strongest(Finding... findings) {
        Action verdict = Action.ALLOW;
        for (Finding finding : findings) {
            verdict = Action.strongest(verdict, finding.action());
        }
        return verdict;
    }
}
