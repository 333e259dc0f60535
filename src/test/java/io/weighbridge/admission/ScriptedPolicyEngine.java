package io.weighbridge.admission;

import io.weighbridge.policy.Action;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.Finding;
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
 * Stands in for the policy engine in the endpoint tests: weighs nothing, answers the findings a
 * test scripted for each image, and records what it was asked. Enabled only under
 * {@link ScriptedEngineProfile}, so every other Quarkus test runs the real engine.
 */
@Alternative
@ApplicationScoped
public class ScriptedPolicyEngine implements PolicyEngine {

    enum Behaviour {
        ANSWER,
        THROW,
        FAIL,
        NEVER_ANSWER
    }

    private final Map<String, List<Finding>> findingsByImage = new ConcurrentHashMap<>();
    private final List<EvaluationRequest> requests = new CopyOnWriteArrayList<>();
    /** What each request's deadline had left when the engine was asked. */
    private final List<java.time.Duration> timeLeft = new CopyOnWriteArrayList<>();

    private volatile Behaviour behaviour = Behaviour.ANSWER;

    void reset() {
        findingsByImage.clear();
        requests.clear();
        timeLeft.clear();
        behaviour = Behaviour.ANSWER;
    }

    void script(String image, Finding... findings) {
        findingsByImage.put(image, List.of(findings));
    }

    void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    List<EvaluationRequest> requests() {
        return List.copyOf(requests);
    }

    List<java.time.Duration> timeLeft() {
        return List.copyOf(timeLeft);
    }

    static Finding deny(String rule, String message) {
        return new Finding(rule, "cluster-defaults", Action.DENY, message, false);
    }

    static Finding warn(String rule, String message) {
        return new Finding(rule, "cluster-defaults", Action.WARN, message, false);
    }

    /** What a policy in dryrun enforcement reports: logged, never shown to the user. */
    static Finding dryRun(String rule, String message) {
        return new Finding(rule, "trial", Action.ALLOW, message, true);
    }

    @Override
    public CompletableFuture<Evaluation> evaluate(EvaluationRequest request) {
        requests.add(request);
        timeLeft.add(request.deadline().remaining());
        return switch (behaviour) {
            case ANSWER -> CompletableFuture.completedFuture(evaluationOf(request));
            case THROW -> throw new IllegalStateException("scripted engine bug");
            case FAIL -> CompletableFuture.failedFuture(new IllegalStateException("scripted engine bug"));
            case NEVER_ANSWER -> new CompletableFuture<>();
        };
    }

    private Evaluation evaluationOf(EvaluationRequest request) {
        List<ImageVerdict> verdicts =
                request.images().stream().map(this::verdictOf).toList();
        Action verdict = verdicts.stream().map(ImageVerdict::verdict).reduce(Action.ALLOW, Action::strongest);
        return new Evaluation(verdict, verdicts);
    }

    private ImageVerdict verdictOf(ImageUse use) {
        List<Finding> findings = findingsByImage.getOrDefault(use.image(), List.of());
        Action verdict = findings.stream().map(Finding::action).reduce(Action.ALLOW, Action::strongest);
        return new ImageVerdict(use.image(), null, null, findings, verdict);
    }

    @Override
    public PolicySet installedPolicies() {
        return PolicySet.EMPTY;
    }
}
