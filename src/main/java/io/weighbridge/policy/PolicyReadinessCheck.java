package io.weighbridge.policy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until a valid set of policies has loaded; reports the problems of a rejected change. */
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
            response.withData("problems", problems.stream()
                    .limit(MAX_PROBLEMS_SHOWN)
                    .map(PolicyProblem::toString)
                    .collect(Collectors.joining("\n")));
        }
        return response.build();
    }
}
