package io.weighbridge.policy;

import io.weighbridge.image.PullSecretRefs;
import java.time.Instant;
import java.util.List;

/**
 * What to judge.
 *
 * @param namespace the object's namespace, or {@code null} for a dry run outside one (then
 *     namespace matches of policies are ignored, and no pull secret is read)
 * @param kind the object's kind ({@code Deployment}), or {@code null} outside an object
 * @param images the images to judge
 * @param policies the policies to judge by, or {@code null} for the installed ones
 * @param deadline when the evaluation must be done; images not weighed by then count under
 *     each policy's {@code onRegistryError}
 * @param pullSecrets the pull secrets and service account the object's pod spec names;
 *     {@link PullSecretRefs#UNNAMED} (the namespace's {@code default} account) when not given
 */
public record EvaluationRequest(
        String namespace, String kind, List<ImageUse> images, PolicySet policies, Instant deadline,
        PullSecretRefs pullSecrets) {
    public EvaluationRequest {
        images = List.copyOf(images);
        pullSecrets = pullSecrets == null ? PullSecretRefs.UNNAMED : pullSecrets;
    }

    /** A request whose pod spec names no pull secrets or service account (bare images, tests). */
    public EvaluationRequest(String namespace, String kind, List<ImageUse> images, PolicySet policies, Instant deadline) {
        this(namespace, kind, images, policies, deadline, PullSecretRefs.UNNAMED);
    }
}
