package io.weighbridge.policy;

import io.weighbridge.image.Deadline;
import io.weighbridge.image.PlatformPin;
import io.weighbridge.image.PullSecretRefs;
import io.weighbridge.image.RequestPace;
import io.weighbridge.workload.WorkloadName;
import java.util.List;

/**
 * What to judge.
 *
 * @param namespace the object's namespace, or {@code null} for a dry run outside one (then
 *     only cluster-wide policies judge it, and no pull secret is read)
 * @param kind the object's kind ({@code Deployment}), or {@code null} outside an object
 * @param images the images to judge
 * @param policies the policies to judge by, or {@code null} for the installed ones
 * @param deadline the deadline of the entry point (admission, dry run, audit, build watch): the
 *     evaluation is done by then, and images not weighed by then count under each policy's
 *     {@code onRegistryError}
 * @param pullSecrets the pull secrets and service account the object's pod spec names;
 *     {@link PullSecretRefs#UNNAMED} (the namespace's {@code default} account) when not given
 * @param dockerfile a Dockerfile to lint by the policies' {@code dockerfileRules}, or {@code null}
 * @param pace what each registry request of the weighings waits for (the audit's rate limit);
 *     {@link RequestPace#UNPACED} when not given
 * @param workload the object and the workloads that own it, for exceptions that name workloads;
 *     empty when there is no object (bare images), then only exceptions that name none apply
 * @param namespacePullSecrets whether the pull secrets of {@code namespace} may be read; false for
 *     a caller of the dry-run API who may not read them: the images are then weighed with the
 *     static auth file alone, while the namespace's policies still judge
 * @param platform the platform the object's pod spec pins its pods to, weighed instead of the
 *     configured one; {@link PlatformPin#UNPINNED} when not given
 */
public record EvaluationRequest(
        String namespace,
        String kind,
        List<ImageUse> images,
        PolicySet policies,
        Deadline deadline,
        PullSecretRefs pullSecrets,
        DockerfileSource dockerfile,
        RequestPace pace,
        List<WorkloadName> workload,
        boolean namespacePullSecrets,
        PlatformPin platform) {
    public EvaluationRequest {
        if (deadline == null) {
            throw new IllegalArgumentException("an evaluation needs the deadline of its entry point");
        }
        images = List.copyOf(images);
        pullSecrets = pullSecrets == null ? PullSecretRefs.UNNAMED : pullSecrets;
        pace = pace == null ? RequestPace.UNPACED : pace;
        workload = workload == null ? List.of() : List.copyOf(workload);
        platform = platform == null ? PlatformPin.UNPINNED : platform;
    }

    public EvaluationRequest(
            String namespace,
            String kind,
            List<ImageUse> images,
            PolicySet policies,
            Deadline deadline,
            PullSecretRefs pullSecrets,
            DockerfileSource dockerfile,
            RequestPace pace) {
        this(
                namespace,
                kind,
                images,
                policies,
                deadline,
                pullSecrets,
                dockerfile,
                pace,
                List.of(),
                true,
                PlatformPin.UNPINNED);
    }

    public EvaluationRequest(
            String namespace,
            String kind,
            List<ImageUse> images,
            PolicySet policies,
            Deadline deadline,
            PullSecretRefs pullSecrets,
            DockerfileSource dockerfile) {
        this(namespace, kind, images, policies, deadline, pullSecrets, dockerfile, RequestPace.UNPACED);
    }

    /** A request whose pod spec names no pull secrets or service account (bare images, tests). */
    public EvaluationRequest(
            String namespace, String kind, List<ImageUse> images, PolicySet policies, Deadline deadline) {
        this(namespace, kind, images, policies, deadline, PullSecretRefs.UNNAMED, null);
    }

    public EvaluationRequest(
            String namespace,
            String kind,
            List<ImageUse> images,
            PolicySet policies,
            Deadline deadline,
            PullSecretRefs pullSecrets) {
        this(namespace, kind, images, policies, deadline, pullSecrets, null);
    }

    public EvaluationRequest(
            String namespace,
            String kind,
            List<ImageUse> images,
            PolicySet policies,
            Deadline deadline,
            DockerfileSource dockerfile) {
        this(namespace, kind, images, policies, deadline, PullSecretRefs.UNNAMED, dockerfile);
    }

    /** The same request, its registry requests paced by {@code pace}. */
    public EvaluationRequest pacedBy(RequestPace pace) {
        return new EvaluationRequest(
                namespace,
                kind,
                images,
                policies,
                deadline,
                pullSecrets,
                dockerfile,
                pace,
                workload,
                namespacePullSecrets,
                platform);
    }

    /** The same request, about the object named first in {@code workload}, owned by the others. */
    public EvaluationRequest forWorkload(List<WorkloadName> workload) {
        return new EvaluationRequest(
                namespace,
                kind,
                images,
                policies,
                deadline,
                pullSecrets,
                dockerfile,
                pace,
                workload,
                namespacePullSecrets,
                platform);
    }

    /** The same request, its images weighed for the platform the pod pins. */
    public EvaluationRequest pinnedTo(PlatformPin pin) {
        return new EvaluationRequest(
                namespace,
                kind,
                images,
                policies,
                deadline,
                pullSecrets,
                dockerfile,
                pace,
                workload,
                namespacePullSecrets,
                pin);
    }

    /** The same request, weighed without reading any pull secret of the namespace. */
    public EvaluationRequest withoutNamespacePullSecrets() {
        return new EvaluationRequest(
                namespace, kind, images, policies, deadline, pullSecrets, dockerfile, pace, workload, false, platform);
    }
}
