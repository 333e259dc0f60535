package io.weighbridge.admission;

import io.weighbridge.policy.EvaluationRequest;

/** What the webhook does with an admission request before anything is weighed. */
sealed interface Triage {

    /** Allowed without asking the engine; {@code why} goes to the decision log. */
    record AllowUnjudged(String why) implements Triage {}

    /** Denied: the object is of a judged kind but weighbridge cannot read it. */
    record Unreadable(String message) implements Triage {}

    /** A BuildConfig: its bases are resolved (image streams through the API) before the engine judges them. */
    record JudgeBuild(io.fabric8.openshift.api.model.BuildConfig build, String namespace, String kind,
            java.util.Set<String> basesBefore, io.weighbridge.image.Deadline deadline) implements Triage {}

    /** The engine judges these images. */
    record Judge(EvaluationRequest evaluation) implements Triage {}
}
