package io.weighbridge.check;

import io.weighbridge.admission.AdmissionConfig;
import io.weighbridge.check.CheckReport.ImageUser;
import io.weighbridge.build.BuildRequests;
import io.weighbridge.dockerfile.Dockerfile;
import io.weighbridge.image.Deadline;
import io.weighbridge.policy.DockerfileSource;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.FindingMessages;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.PolicyEngine;
import io.weighbridge.policy.PolicySet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Judges images or objects as the webhook would, through the one {@link PolicyEngine}, without
 * recording anything as an admission. Shared by {@code POST /api/v1/check} and {@code check}.
 */
@ApplicationScoped
public class DryRun {
    private final PolicyEngine engine;
    private final AdmissionConfig admission;
    private final BuildRequests builds;

    DryRun(PolicyEngine engine, AdmissionConfig admission, BuildRequests builds) {
        this.engine = engine;
        this.admission = admission;
        this.builds = builds;
    }

    /**
     * Lints a Dockerfile and weighs the image its final stage starts from ({@code FROM scratch}
     * weighs nothing), as a Docker build's BuildConfig would be judged.
     */
    public CompletableFuture<CheckReport> checkDockerfile(Dockerfile dockerfile, String origin, String namespace, PolicySet policies) {
        List<ImageUse> uses = dockerfile.baseStage()
                .filter(stage -> !stage.isScratch() && !stage.base().contains("$"))
                .map(stage -> List.of(new ImageUse(stage.base(), FindingMessages.BUILD_BASE_PREFIX + "FROM line " + stage.line(),
                        false)))
                .orElse(List.of());
        Deadline deadline = deadline();
        EvaluationRequest request = new EvaluationRequest(
                namespace, null, uses, policies, deadline, new DockerfileSource(dockerfile, origin));
        return finished(engine.evaluate(request).thenApply(CheckReport::of), deadline);
    }

    /**
     * Judges bare images.
     *
     * @param namespace the namespace whose policies and pull secrets apply, or {@code null}
     * @param policies the policies to try, or {@code null} for the installed ones
     */
    public CompletableFuture<CheckReport> checkImages(List<String> images, String namespace, PolicySet policies) {
        return checkImages(images, namespace, policies, true);
    }

    /**
     * Judges bare images.
     *
     * @param namespacePullSecrets whether the namespace's pull secrets may weigh them (false: the
     *     auth file alone, for a caller of the API who may not read those secrets)
     */
    public CompletableFuture<CheckReport> checkImages(
            List<String> images, String namespace, PolicySet policies, boolean namespacePullSecrets) {
        List<ImageUse> uses = images.stream().map(ImageUse::of).toList();
        Deadline deadline = deadline();
        EvaluationRequest request = new EvaluationRequest(namespace, null, uses, policies, deadline);
        return finished(engine.evaluate(namespacePullSecrets ? request : request.withoutNamespacePullSecrets())
                .thenApply(CheckReport::of), deadline);
    }

    /** Judges every workload, each in its own namespace and by its own kind, as one report. */
    public CompletableFuture<CheckReport> checkWorkloads(List<Workload> workloads, PolicySet policies) {
        return checkWorkloads(workloads, policies, true);
    }

    /**
     * Judges every workload, each in its own namespace and by its own kind, as one report.
     *
     * @param namespacePullSecrets whether the workloads' pull secrets may weigh their images
     */
    public CompletableFuture<CheckReport> checkWorkloads(List<Workload> workloads, PolicySet policies, boolean namespacePullSecrets) {
        Deadline deadline = deadline();
        List<CompletableFuture<CheckReport>> reports = new ArrayList<>();
        for (Workload workload : workloads) {
            reports.add(checkWorkload(workload, policies, deadline, namespacePullSecrets));
        }
        return finished(CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new))
                .thenApply(done -> CheckReport.combine(reports.stream().map(CompletableFuture::join).toList())), deadline);
    }

    private CompletableFuture<CheckReport> checkWorkload(
            Workload workload, PolicySet policies, Deadline deadline, boolean namespacePullSecrets) {
        if (workload.build() != null) {
            Map<String, List<ImageUser>> users = usersByImage(workload);
            return builds.request(workload.build(), workload.namespace(), workload.kind(), Set.of(), policies, deadline)
                    .thenApply(request -> namespacePullSecrets ? request : request.withoutNamespacePullSecrets())
                    .thenCompose(engine::evaluate)
                    .thenApply(evaluation -> CheckReport.of(evaluation, image -> users.getOrDefault(image, List.of())));
        }
        List<ImageUse> uses = workload.uses();
        if (uses.isEmpty()) {
            return CompletableFuture.completedFuture(CheckReport.empty());
        }
        EvaluationRequest request =
                new EvaluationRequest(workload.namespace(), workload.kind(), uses, policies, deadline, workload.pullSecrets())
                        .pinnedTo(workload.platform());
        Map<String, List<ImageUser>> users = usersByImage(workload);
        return engine.evaluate(namespacePullSecrets ? request : request.withoutNamespacePullSecrets())
                .thenApply(evaluation -> CheckReport.of(evaluation, image -> users.getOrDefault(image, List.of())));
    }

    private static Map<String, List<ImageUser>> usersByImage(Workload workload) {
        Map<String, List<ImageUser>> users = new LinkedHashMap<>();
        for (ImageUse use : workload.uses()) {
            users.computeIfAbsent(use.image(), key -> new ArrayList<>())
                    .add(ImageUser.of(workload.displayName(), use.container()));
        }
        return users;
    }

    /** Once the report is done, what the dry run still has running stops. */
    private static CompletableFuture<CheckReport> finished(CompletableFuture<CheckReport> report, Deadline deadline) {
        return report.whenComplete((done, failure) -> deadline.cancel());
    }

    /** The one deadline of a dry run: as long as an admission has. */
    private Deadline deadline() {
        return Deadline.in(admission.deadline());
    }
}
