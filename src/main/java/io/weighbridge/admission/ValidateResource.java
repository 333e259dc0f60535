package io.weighbridge.admission;

import io.weighbridge.build.BuildRequests;
import io.weighbridge.image.Deadline;
import io.weighbridge.image.Futures;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.PolicyEngine;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/** The validating admission webhook: AdmissionReview in, AdmissionReview out. */
@Path("/validate")
public class ValidateResource {

    /**
     * Larger bodies are refused unread. etcd keeps objects up to about 1.5 MiB (the apiserver
     * takes request bodies up to 3 MiB), and an UPDATE review carries the object and oldObject in
     * JSON, which is larger than etcd's protobuf: 6 MiB fits any legitimate review with room.
     */
    static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    /**
     * Taken off the admission deadline before it is handed to the engine, so that an answer the
     * engine gives at its deadline can still be rendered and written before the apiserver's.
     */
    static final Duration RENDERING_MARGIN = Duration.ofMillis(250);
    /** An engine that overruns its deadline is answered for this long before the admission's end (half the margin). */
    private static final Duration OVERRUN_MARGIN = RENDERING_MARGIN.dividedBy(2);

    private final AdmissionReviewReader reader;
    private final PolicyEngine engine;
    private final AdmissionConfig config;
    private final BuildRequests builds;
    private final AdmissionMetrics metrics;
    private final DecisionLog decisions;

    ValidateResource(
            AdmissionReviewReader reader,
            PolicyEngine engine,
            AdmissionConfig config,
            BuildRequests builds,
            AdmissionMetrics metrics,
            DecisionLog decisions) {
        this.reader = reader;
        this.metrics = metrics;
        this.decisions = decisions;
        this.engine = engine;
        this.config = config;
        this.builds = builds;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> validate(byte[] body) {
        long started = System.nanoTime();
        Deadline admission = Deadline.in(config.deadline());
        Deadline engineDeadline = admission.lessBy(RENDERING_MARGIN);
        if (body.length > MAX_BODY_BYTES) {
            DecisionLog.tooLarge(body.length);
            return CompletableFuture.completedFuture(BodySizeLimit.tooLarge());
        }
        ReceivedReview review;
        try {
            review = reader.read(body);
        } catch (MalformedReviewException e) {
            DecisionLog.malformed(e.getMessage());
            return CompletableFuture.completedFuture(plainText(Response.Status.BAD_REQUEST, e.getMessage()));
        }
        Triage triage = AdmissionTriage.triage(review, engineDeadline);
        if (triage instanceof Triage.AllowUnjudged unjudged) {
            decisions.unjudged(review, unjudged.why(), started);
            metrics.decided(review.request(), review.groupKind(), "allow", null, started);
            return CompletableFuture.completedFuture(ok(
                    unjudged.warning() == null
                            ? AdmissionResponses.allowed(review)
                            : AdmissionResponses.allowedUnjudged(review, unjudged.warning())));
        }
        if (triage instanceof Triage.JudgeBuild build) {
            return builds.request(
                            build.build(), build.namespace(), build.kind(), build.basesBefore(), null, build.deadline())
                    .thenApply(request -> request.forWorkload(build.names()))
                    .thenCompose(request -> judge(review, request, null, admission, started));
        }
        Triage.Judge judge = (Triage.Judge) triage;
        return judge(review, judge.evaluation(), judge.why(), admission, started);
    }

    /** @param why what the decision log says besides the verdict, or {@code null} */
    private CompletionStage<Response> judge(
            ReceivedReview review, EvaluationRequest request, String why, Deadline admission, long started) {
        CompletableFuture<Evaluation> evaluation;
        try {
            evaluation = engine.evaluate(request);
        } catch (RuntimeException e) {
            evaluation = CompletableFuture.failedFuture(e);
        }
        // The engine answers by its own deadline; should it not (a bug), the admission still answers by its own.
        CompletableFuture<Response> answered = admission
                .lessBy(OVERRUN_MARGIN)
                .failAtEnd(evaluation, TimeoutException::new)
                .handle((judged, failure) -> {
                    if (failure == null && judged != null) {
                        decisions.judged(review, judged, why, started);
                        metrics.decided(
                                review.request(),
                                review.groupKind(),
                                judged.verdict().id(),
                                judged,
                                started);
                        return ok(AdmissionResponses.judged(review, judged));
                    }
                    return ok(unjudgedAfter(
                            review,
                            failure == null
                                    ? new IllegalStateException("the policy engine completed without an evaluation")
                                    : Futures.cause(failure),
                            started));
                })
                // Answered: what the admission still has running (its waits, its own requests) stops now.
                .whenComplete((response, failure) -> admission.cancel());
        // The HTTP layer cancels the stage it waits on when the caller goes away (an apiserver that
        // gave up): a copy takes that, and the decision is still logged and counted.
        return answered.copy();
    }

    /**
     * An engine that throws or overruns its deadline is a weighbridge bug: registry trouble never
     * gets here, each policy judges it by its onRegistryError. Such a bug is answered by allowing,
     * loudly (an ERROR log with the uid, a warning to the user), because image size is an
     * operational guard, not a security boundary, and failing closed would stop every rollout in
     * the cluster, the one that fixes weighbridge included.
     */
    private AdmissionAnswer unjudgedAfter(ReceivedReview review, Throwable failure, long started) {
        String kind = review.kind();
        metrics.decided(review.request(), review.groupKind(), "allow", null, started);
        if (failure instanceof TimeoutException) {
            decisions.engineLate(review, started);
            return AdmissionResponses.allowedUnjudged(
                    review,
                    "weighbridge could not weigh the images of this " + kind
                            + " in time; allowed without judging them");
        }
        decisions.engineFailed(review, failure, started);
        return AdmissionResponses.allowedUnjudged(
                review,
                "weighbridge failed to judge the images of this " + kind + " (admission uid " + review.uid()
                        + "); allowed without judging them");
    }

    private static Response ok(AdmissionAnswer answer) {
        return Response.ok(AnswerJson.write(answer), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    static Response plainText(Response.Status status, String line) {
        return Response.status(status)
                .type(MediaType.TEXT_PLAIN_TYPE)
                .entity(line + "\n")
                .build();
    }
}
