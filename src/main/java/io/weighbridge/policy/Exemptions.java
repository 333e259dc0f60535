package io.weighbridge.policy;

import io.weighbridge.image.ImageReference;
import io.weighbridge.workload.WorkloadName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The exceptions known now, expired ones included: whether one applies is decided at the instant
 * of each judgement, so an exception stops lifting the moment it expires, without a reload.
 */
public record Exemptions(List<Exemption> all) {
    public static final Exemptions NONE = new Exemptions(List.of());

    public Exemptions {
        all = List.copyOf(all);
    }

    /**
     * The verdict of one image once the exceptions active at {@code now} have lifted what they
     * cover: a lifted finding stays, as a warning that names the exception, so nobody forgets it.
     *
     * @param workload the object and its owners; empty when unknown
     */
    public ImageVerdict lift(ImageVerdict verdict, String namespace, List<WorkloadName> workload, Instant now) {
        List<Finding> findings = lift(verdict.findings(), namespace, workload, reference(verdict), now);
        if (findings == verdict.findings()) {
            return verdict;
        }
        Action strongest = findings.stream().map(Finding::action).reduce(Action.ALLOW, Action::strongest);
        return verdict.withFindings(findings, strongest);
    }

    /**
     * Findings once the exceptions active at {@code now} have lifted what they cover; the same list
     * when none applies.
     *
     * @param image the image they are about, or {@code null} (a Dockerfile's findings): then only
     *     exceptions that name no images apply
     */
    public List<Finding> lift(
            List<Finding> findings, String namespace, List<WorkloadName> workload, ImageReference image, Instant now) {
        if (all.isEmpty() || namespace == null || findings.isEmpty()) {
            return findings;
        }
        List<Finding> result = new ArrayList<>(findings.size());
        boolean changed = false;
        for (Finding finding : findings) {
            Finding lifted = liftable(finding) ? lift(finding, namespace, workload, image, now) : finding;
            changed |= lifted != finding;
            result.add(lifted);
        }
        return changed ? List.copyOf(result) : findings;
    }

    /** Only what bites can be lifted: a dry-run finding or one lifted already is left as it is. */
    private static boolean liftable(Finding finding) {
        return !finding.dryRun() && !finding.lifted() && finding.action() != Action.ALLOW;
    }

    private Finding lift(
            Finding finding, String namespace, List<WorkloadName> workload, ImageReference image, Instant now) {
        for (Exemption exemption : all) {
            if (exemption.lifts(finding, namespace, workload, image, now)) {
                return new Finding(
                        finding.rule(),
                        finding.policy(),
                        Action.WARN,
                        FindingMessages.lifted(finding.message(), exemption),
                        false,
                        finding.line(),
                        exemption.id());
            }
        }
        return finding;
    }

    private static ImageReference reference(ImageVerdict verdict) {
        if (verdict.weight() != null) {
            return verdict.weight().reference();
        }
        return ParsedReference.of(verdict.image()).reference();
    }
}
