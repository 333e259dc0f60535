package io.weighbridge.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import io.weighbridge.image.Deadline;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageVerdict;
import io.weighbridge.workload.WorkloadKind;
import io.weighbridge.workload.WorkloadKinds;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Reads and answers one review of every judged kind (one object per row of {@link WorkloadKinds},
 * custom kinds included) at startup. Binding the first pod spec and the AdmissionReview types makes
 * Jackson introspect fabric8's model classes: seconds of work that would otherwise block the event
 * loop under the first real admission. It runs on a thread of its own, beside the rest of the start
 * (a fifth of the main thread's start-up before), and the pod is not ready until it is done
 * ({@link AdmissionWarmUpCheck}); a warm-up that fails keeps the pod unready, as it kept it from
 * starting before.
 */
@ApplicationScoped
class AdmissionWarmUp {
    private static final Logger LOG = Logger.getLogger(AdmissionWarmUp.class);
    private static final Evaluation DENIED = new Evaluation(
            Action.DENY,
            List.of(new ImageVerdict(
                    "i",
                    null,
                    null,
                    List.of(new Finding("warm-up", "warm-up", Action.DENY, "warm-up", false)),
                    Action.DENY)));

    private final AdmissionReviewReader reader;
    private final ObjectMapper mapper;
    private final WorkloadKinds kinds;
    private final CompletableFuture<Integer> warmed = new CompletableFuture<>();

    AdmissionWarmUp(AdmissionReviewReader reader, ObjectMapper mapper, WorkloadKinds kinds) {
        this.reader = reader;
        this.mapper = mapper;
        this.kinds = kinds;
    }

    /** Among the first of the start's observers: the warm-up is the longest work beside the start. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) StartupEvent started) {
        Thread thread = new Thread(this::warmUp, "weighbridge-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** The kinds warmed up, once done; failed with the reason when the warm-up failed; pending meanwhile. */
    CompletableFuture<Integer> warmed() {
        return warmed;
    }

    void warmUp() {
        try {
            readAndAnswerEveryKind();
            warmed.complete(kinds.all().size());
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.errorf(e, "the admission warm-up failed: the webhook stays unready");
            warmed.completeExceptionally(e);
        }
    }

    private void readAndAnswerEveryKind() throws JsonProcessingException {
        for (WorkloadKind kind : kinds.all()) {
            ReceivedReview review = reader.read(mapper.writeValueAsBytes(review(kind)));
            Deadline deadline = Deadline.in(Duration.ofSeconds(1));
            AdmissionTriage.triage(review, deadline);
            deadline.cancel();
            AnswerJson.write(AdmissionResponses.judged(review, DENIED));
        }
    }

    /** A CREATE of a minimal object of the kind, with one container where the kind keeps its pod spec. */
    private ObjectNode review(WorkloadKind kind) {
        ObjectNode object = mapper.createObjectNode()
                .put("apiVersion", kind.apiVersion(kind.versions().get(0)))
                .put("kind", kind.kind());
        object.putObject("metadata").put("name", "w");
        if (kind.judgesBuild()) {
            object.putObject("spec")
                    .putObject("strategy")
                    .putObject("dockerStrategy")
                    .putObject("from")
                    .put("kind", "DockerImage")
                    .put("name", "i");
        } else {
            ObjectNode podSpec = object;
            for (String field : kind.podSpec().fields()) {
                podSpec = podSpec.putObject(field);
            }
            podSpec.putArray("containers").addObject().put("name", "c").put("image", "i");
        }
        ObjectNode review = mapper.createObjectNode()
                .put("apiVersion", "admission.k8s.io/v1")
                .put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request")
                .put("uid", "warm-up")
                .put("operation", "CREATE")
                .put("namespace", "warm-up");
        request.putObject("kind")
                .put("group", kind.group())
                .put("version", kind.versions().get(0))
                .put("kind", kind.kind());
        request.set("object", object);
        return review;
    }
}
