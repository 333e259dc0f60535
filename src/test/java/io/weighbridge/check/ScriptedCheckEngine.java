package io.weighbridge.check;

import io.weighbridge.policy.Action;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.ImageVerdict;
import io.weighbridge.policy.PolicyEngine;
import io.weighbridge.policy.PolicySet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the engine in the dry-run surface tests: weighs nothing, answers the verdict a
 * test scripted per image (allowed at 5 MiB otherwise) and records every request. Enabled only by
 * {@link ScriptedEngineProfile}, so it never shadows other test engines on the classpath.
 */
@Alternative
@ApplicationScoped
public class ScriptedCheckEngine implements PolicyEngine {
    private final Map<String, ImageVerdict> verdictsByImage = new ConcurrentHashMap<>();
    private final List<EvaluationRequest> requests = new CopyOnWriteArrayList<>();
    /** What each request's deadline had left when the engine was asked. */
    private final List<java.time.Duration> timeLeft = new CopyOnWriteArrayList<>();

    public void reset() {
        verdictsByImage.clear();
        requests.clear();
        timeLeft.clear();
    }

    public void script(ImageVerdict verdict) {
        verdictsByImage.put(verdict.image(), verdict);
    }

    public List<EvaluationRequest> requests() {
        return List.copyOf(requests);
    }

    public List<java.time.Duration> timeLeft() {
        return List.copyOf(timeLeft);
    }

    @Override
    public CompletableFuture<Evaluation> evaluate(EvaluationRequest request) {
        requests.add(request);
        timeLeft.add(request.deadline().remaining());
        List<ImageVerdict> verdicts =
                request.images().stream().map(this::verdictOf).toList();
        Action verdict = verdicts.stream().map(ImageVerdict::verdict).reduce(Action.ALLOW, Action::strongest);
        // Completes on another thread, as the real engine does after asking registries.
        return CompletableFuture.supplyAsync(() -> new Evaluation(verdict, verdicts));
    }

    private ImageVerdict verdictOf(ImageUse use) {
        return verdictsByImage.getOrDefault(use.image(), Verdicts.weighed(use.image(), 4));
    }

    @Override
    public PolicySet installedPolicies() {
        return PolicySet.EMPTY;
    }
}
