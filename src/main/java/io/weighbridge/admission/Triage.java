package io.weighbridge.admission;

import io.fabric8.openshift.api.model.BuildConfig;
import io.weighbridge.image.Deadline;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.workload.WorkloadName;
import java.util.List;
import java.util.Set;

/** What the webhook does with an admission request before anything is weighed. */
sealed interface Triage {

    /**
     * Allowed without asking the engine; {@code why} goes to the decision log.
     *
     * @param warning what the user is told, or {@code null} when nothing was left unjudged that
     *     should have been
     */
    record AllowUnjudged(String why, String warning) implements Triage {
        AllowUnjudged(String why) {
            this(why, null);
        }
    }

    /**
     * A BuildConfig: its bases are resolved (image streams through the API) before the engine judges them.
     *
     * @param names how exceptions may name it (its kind and name, its owners)
     */
    record JudgeBuild(
            BuildConfig build,
            String namespace,
            String kind,
            Set<String> basesBefore,
            Deadline deadline,
            List<WorkloadName> names)
            implements Triage {}

    /**
     * The engine judges these images.
     *
     * @param why what the decision log says besides the verdict (why an object could not be
     *     read), or {@code null}
     */
    record Judge(EvaluationRequest evaluation, String why) implements Triage {}
}
