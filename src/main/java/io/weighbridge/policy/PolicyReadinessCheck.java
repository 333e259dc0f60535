package io.weighbridge.policy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until a valid, non-empty set of policies has loaded (unless empty sets are allowed).
 * Once one has, a rejected change leaves the pod ready, judging by the last good set, and the
 * data names the rejection: {@code problems} and {@code lastRejected}.
 */
@Readiness
@ApplicationScoped
public class PolicyReadinessCheck implements HealthCheck {
    private static final int MAX_PROBLEMS_SHOWN = 20;

    private final PolicyRepository repository;

    @Inject
    public PolicyReadinessCheck(PolicyRepository repository) {
        this.repository = repository;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("policies")
                .status(repository.loaded())
                .withData("path", repository.path().toString())
                .withData("policies", repository.current().policies().size())
                .withData("loads", repository.loadSuccesses())
                .withData("rejectedLoads", repository.loadFailures());
        repository.lastLoaded().ifPresent(at -> response.withData("lastLoaded", at.toString()));
        List<PolicyProblem> problems = repository.lastProblems();
        if (!problems.isEmpty()) {
            repository.lastFailed().ifPresent(at -> response.withData("lastRejected", at.toString()));
            response.withData(
                    "problems",
                    problems.stream()
                            .limit(MAX_PROBLEMS_SHOWN)
                            .map(PolicyProblem::toString)
                            .collect(Collectors.joining("\n")));
        }
        return response.build();
    }
}
