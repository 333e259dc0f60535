package io.weighbridge.check;

import io.weighbridge.admission.AdmissionConfig;
import io.weighbridge.build.BuildRequests;
import io.weighbridge.check.CheckReport.ImageUser;
import io.weighbridge.dockerfile.Dockerfile;
import io.weighbridge.image.Deadline;
import io.weighbridge.policy.DockerfileSource;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.FindingMessages;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.PolicyEngine;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.workload.ContainerImage;
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
    public CompletableFuture<CheckReport> checkDockerfile(
            Dockerfile dockerfile, String origin, String namespace, PolicySet policies) {
        List<ImageUse> uses = dockerfile
                .baseStage()
                .filter(stage -> !stage.isScratch() && !stage.base().contains("$"))
                .map(stage -> List.of(new ImageUse(
                        stage.base(), FindingMessages.BUILD_BASE_PREFIX + "FROM line " + stage.line(), false)))
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
        return checkImages(images, namespace, policies, null, true);
    }

    /**
     * Judges bare images.
     *
     * @param namespacePullSecrets whether the namespace's pull secrets may weigh them (false: the
     *     auth file alone, for a caller of the API who may not read those secrets)
     */
    public CompletableFuture<CheckReport> checkImages(
            List<String> images, String namespace, PolicySet policies, boolean namespacePullSecrets) {
        return checkImages(images, namespace, policies, null, namespacePullSecrets);
    }

    /**
     * Judges bare images, each as the successor of {@code baseline} in its container:
     * {@code maxGrowth} rules judge the growth over it, as on an UPDATE that swaps one for the other.
     *
     * @param baseline the image they replace, or {@code null}
     */
    public CompletableFuture<CheckReport> checkImages(
            List<String> images, String namespace, PolicySet policies, String baseline) {
        return checkImages(images, namespace, policies, baseline, true);
    }

    private CompletableFuture<CheckReport> checkImages(
            List<String> images, String namespace, PolicySet policies, String baseline, boolean namespacePullSecrets) {
        List<ImageUse> uses = images.stream()
                .map(image -> baseline == null || baseline.equals(image)
                        ? ImageUse.of(image)
                        : ImageUse.of(image).replacing(baseline))
                .toList();
        Deadline deadline = deadline();
        EvaluationRequest request = new EvaluationRequest(namespace, null, uses, policies, deadline);
        return finished(
                engine.evaluate(namespacePullSecrets ? request : request.withoutNamespacePullSecrets())
                        .thenApply(CheckReport::of),
                deadline);
    }

    /** Judges every workload, each in its own namespace and by its own kind, as one report. */
    public CompletableFuture<CheckReport> checkWorkloads(List<Workload> workloads, PolicySet policies) {
        return checkWorkloads(workloads, policies, List.of(), true);
    }

    /**
     * Judges every workload, each in its own namespace and by its own kind, as one report.
     *
     * @param namespacePullSecrets whether the workloads' pull secrets may weigh their images
     */
    public CompletableFuture<CheckReport> checkWorkloads(
            List<Workload> workloads, PolicySet policies, boolean namespacePullSecrets) {
        return checkWorkloads(workloads, policies, List.of(), namespacePullSecrets);
    }

    /**
     * Judges every workload as an UPDATE from its earlier version in {@code baseline} (the same
     * kind, namespace and name) would be judged: images it already ran are never denied, and an
     * image that replaces another in the same container is judged for its growth. A workload
     * without an earlier version is judged as new.
     */
    public CompletableFuture<CheckReport> checkWorkloads(
            List<Workload> workloads, PolicySet policies, List<Workload> baseline) {
        return checkWorkloads(workloads, policies, baseline, true);
    }

    private CompletableFuture<CheckReport> checkWorkloads(
            List<Workload> workloads, PolicySet policies, List<Workload> baseline, boolean namespacePullSecrets) {
        Deadline deadline = deadline();
        List<CompletableFuture<CheckReport>> reports = new ArrayList<>();
        for (Workload workload : workloads) {
            List<ContainerImage> before = baseline.stream()
                    .filter(old -> old.sameObjectAs(workload))
                    .findFirst()
                    .map(Workload::images)
                    .orElse(List.of());
            reports.add(checkWorkload(workload, policies, before, deadline, namespacePullSecrets));
        }
        return finished(
                CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new))
                        .thenApply(done -> CheckReport.combine(
                                reports.stream().map(CompletableFuture::join).toList())),
                deadline);
    }

    private CompletableFuture<CheckReport> checkWorkload(
            Workload workload,
            PolicySet policies,
            List<ContainerImage> before,
            Deadline deadline,
            boolean namespacePullSecrets) {
        if (workload.build() != null) {
            Map<String, List<ImageUser>> users = usersByImage(workload);
            return builds.request(workload.build(), workload.namespace(), workload.kind(), Set.of(), policies, deadline)
                    .thenApply(request -> request.forWorkload(workload.names()))
                    .thenApply(request -> namespacePullSecrets ? request : request.withoutNamespacePullSecrets())
                    .thenCompose(engine::evaluate)
                    .thenApply(evaluation -> CheckReport.of(evaluation, image -> users.getOrDefault(image, List.of())));
        }
        List<ImageUse> uses = workload.uses(before);
        if (uses.isEmpty()) {
            return CompletableFuture.completedFuture(CheckReport.empty());
        }
        EvaluationRequest request = new EvaluationRequest(
                        workload.namespace(), workload.kind(), uses, policies, deadline, workload.pullSecrets())
                .forWorkload(workload.names())
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
