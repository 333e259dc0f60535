package io.weighbridge.policy;

import java.time.Instant;
import java.util.List;

/**
 * What to judge.
 *
 * @param namespace the object's namespace, or {@code null} for a dry run outside one (then
 *     namespace matches of policies are ignored)
 * @param kind the object's kind ({@code Deployment}), or {@code null} outside an object
 * @param images the images to judge
 * @param policies the policies to judge by, or {@code null} for the installed ones
 * @param deadline when the evaluation must be done; images not weighed by then count under
 *     each policy's {@code onRegistryError}
 * @param dockerfile a Dockerfile to lint by the policies' {@code dockerfileRules}, or {@code null}
 */
public record EvaluationRequest(
        String namespace, String kind, List<ImageUse> images, PolicySet policies, Instant deadline, DockerfileSource dockerfile) {
    public EvaluationRequest {
        images = List.copyOf(images);
    }

    public EvaluationRequest(String namespace, String kind, List<ImageUse> images, PolicySet policies, Instant deadline) {
        this(namespace, kind, images, policies, deadline, null);
    }
}
