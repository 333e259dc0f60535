package io.weighbridge.build;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.weighbridge.image.Deadline;
import io.weighbridge.image.Futures;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.PolicyEngine;
import io.weighbridge.workload.WorkloadKinds;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Weighs the output of a completed Build and judges it by the installed policies of its namespace,
 * as the BuildConfig kind (the kind a policy names to match builds), then records the metrics and
 * the log line. Each image (repository and digest) is weighed once per namespace: a rebuild that
 * pushed the very same image, or a second event for one Build, costs nothing. One that could not
 * be weighed is forgotten, so a later chance (a new leader catching up) tries again.
 */
@ApplicationScoped
public class BuildOutputJudge {
    private static final Logger LOG = Logger.getLogger(BuildOutputJudge.class);
    static final String KIND = WorkloadKinds.BUILD_CONFIG;
    /** Images remembered as weighed; far more than builds complete in a day on a large cluster. */
    private static final int REMEMBERED = 10_000;

    private final PolicyEngine engine;
    private final BuildOutputMetrics metrics;
    private final Duration deadline;
    private final Cache<String, Boolean> weighed = Caffeine.newBuilder()
            .maximumSize(REMEMBERED)
            .expireAfterWrite(Duration.ofDays(1))
            .build();
    /**
     * Where results are logged and counted: a plain thread. On a thread of Vert.x (the registry
     * client's event loop, Quarkus' worker pool) the MDC lives in a Vert.x context, and the fields of
     * a log line put there from outside a request are lost.
     */
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "weighbridge-build-outputs");
        thread.setDaemon(true);
        return thread;
    });

    BuildOutputJudge(PolicyEngine engine, BuildOutputMetrics metrics, BuildsConfig config) {
        this.engine = engine;
        this.metrics = metrics;
        this.deadline = config.imageDeadline();
    }

    /**
     * Completes with the judgement, or empty when the image was weighed before or no policy judges
     * it. Never fails: a failure to weigh is a judgement with verdict {@code error}.
     */
    CompletableFuture<Optional<JudgedOutput>> judge(OutputImage output) {
        String key = output.namespace() + " " + output.image();
        if (weighed.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
            LOG.debugf("build output of %s: %s already weighed", output.buildName(), output.image());
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Deadline within = Deadline.in(deadline);
        EvaluationRequest request = new EvaluationRequest(
                output.namespace(),
                KIND,
                List.of(new ImageUse(output.image().toString(), null, false)),
                null,
                within,
                output.pullSecrets(),
                null);
        CompletableFuture<Optional<JudgedOutput>> judged;
        try {
            judged = engine.evaluate(request)
                    .handle((evaluation, failure) -> failure == null
                            ? JudgedOutput.of(output, evaluation)
                            : Optional.of(JudgedOutput.failed(output, reason(failure))));
        } catch (RuntimeException e) {
            judged = CompletableFuture.completedFuture(Optional.of(JudgedOutput.failed(output, reason(e))));
        }
        judged.whenComplete((result, failure) -> within.cancel());
        return judged.thenApplyAsync(
                result -> {
                    result.ifPresentOrElse(
                            done -> {
                                if (!done.weighed()) {
                                    weighed.invalidate(key);
                                }
                                metrics.record(done);
                                // The line last: once it is written, the metrics show the output.
                                BuildOutputLog.judged(done);
                            },
                            () -> LOG.debugf(
                                    "build output of %s: no installed policy judges %s in namespace %s",
                                    output.buildName(), output.image(), output.namespace()));
                    return result;
                },
                recorder);
    }

    @PreDestroy
    void stop() {
        recorder.shutdown();
    }

    private static String reason(Throwable failure) {
        Throwable cause = Futures.cause(failure);
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
