package io.weighbridge.audit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.weighbridge.audit.ImageUses.Context;
import io.weighbridge.image.Deadline;
import io.weighbridge.image.RequestPace;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.ImageVerdict;
import io.weighbridge.policy.PolicyEngine;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.workload.WorkloadName;
import io.weighbridge.workload.WorkloadReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Weighs what runs in the cluster against the policies, through the one {@link PolicyEngine}.
 * Gentle by design: lists a page at a time, folds Pods into their owners, weighs each distinct
 * image once per set of pull secrets, has at most {@code weighbridge.audit.rate} images in flight,
 * and sends at most {@code weighbridge.audit.rate} registry requests per second (a token bucket
 * per pass that paces every request of its weighings; answers from the cache cost none).
 * An image is weighed as admission would weigh it: in each namespace, for each kind and with the
 * pull secrets of each pod spec that names it; the first of these weighs, the others are judged
 * once it is done, from the weigher's cache unless their credential differs. Blocking: run it off
 * the event loop.
 */
@ApplicationScoped
public class ClusterAudit {
    private final KubernetesClient client;
    private final WorkloadReader workloads;
    private final PolicyEngine engine;
    private final AuditConfig config;
    private final Supplier<TokenBucket> paceOfAPass;

    @Inject
    ClusterAudit(KubernetesClient client, WorkloadReader workloads, PolicyEngine engine, AuditConfig config) {
        this(client, workloads, engine, config, () -> new TokenBucket(config.rate()));
    }

    /** @param paceOfAPass a new bucket for each pass, through which every registry request of the pass goes */
    ClusterAudit(
            KubernetesClient client,
            WorkloadReader workloads,
            PolicyEngine engine,
            AuditConfig config,
            Supplier<TokenBucket> paceOfAPass) {
        this.client = client;
        this.workloads = workloads;
        this.engine = engine;
        this.config = config;
        this.paceOfAPass = paceOfAPass;
    }

    /** @param namespace one namespace, or {@code null} for all */
    public ClusterListing list(String namespace) {
        return list(namespace, AuditProgress.NONE);
    }

    /** @param progress told the number of objects listed after every page */
    public ClusterListing list(String namespace, AuditProgress progress) {
        return new ClusterWorkloads(client, workloads, config.pageSize()).list(namespace, progress);
    }

    /**
     * @param namespace what {@code listing} covers: one namespace, or {@code null} for all
     * @param policies policies to try, or {@code null} for the installed ones
     */
    public AuditReport judge(ClusterListing listing, String namespace, PolicySet policies) throws InterruptedException {
        return judge(listing, namespace, policies, AuditProgress.NONE);
    }

    /** @param progress told how many distinct images are judged, of how many, as each is done */
    public AuditReport judge(ClusterListing listing, String namespace, PolicySet policies, AuditProgress progress)
            throws InterruptedException {
        return judgePass(listing, namespace, policies, progress).report();
    }

    /** Judges, keeping every workload's verdict beside the report (for PolicyReports). */
    public AuditPass judgePass(ClusterListing listing, String namespace, PolicySet policies, AuditProgress progress)
            throws InterruptedException {
        List<RunningWorkload> workloads = Ownership.workloads(listing.objects());
        ImageUses uses = ImageUses.of(workloads);
        RequestPace registryRequests = paceOfAPass.get();
        Semaphore inFlight = new Semaphore(imagesInFlight());
        Map<String, CompletableFuture<Map<Context, ImageVerdict>>> judged = new LinkedHashMap<>();
        int total = uses.images().size();
        AtomicInteger done = new AtomicInteger();
        progress.judged(0, total);
        try {
            for (String image : uses.images()) {
                inFlight.acquire();
                CompletableFuture<Map<Context, ImageVerdict>> judging =
                        judgeEverywhere(image, new ArrayList<>(uses.of(image).keySet()), policies, registryRequests);
                judging.whenComplete((verdicts, failure) -> {
                    inFlight.release();
                    progress.judged(done.incrementAndGet(), total);
                });
                judged.put(image, judging);
            }
        } catch (InterruptedException e) {
            judged.values().forEach(future -> future.cancel(true));
            throw e;
        }
        Map<String, Map<Context, ImageVerdict>> verdicts = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<Map<Context, ImageVerdict>>> entry : judged.entrySet()) {
            verdicts.put(entry.getKey(), await(entry.getValue()));
        }
        Map<WorkloadRef, ClusterObject> objects = new HashMap<>();
        listing.objects().forEach(object -> objects.putIfAbsent(object.ref(), object));
        ReportAssembler assembler = new ReportAssembler(
                uses,
                verdicts,
                objects,
                (verdict, workload) -> engine.liftedFor(
                        verdict, workload.namespace(), List.of(new WorkloadName(workload.kind(), workload.name()))));
        AuditReport report = assembler.report(namespace, workloads.size(), listing.notes(), Instant.now());
        return new AuditPass(report, assembler.workloadVerdicts());
    }

    /**
     * As many images in flight as requests are allowed per second: each waits for about a second
     * per request at most, far inside its {@code image-deadline}.
     */
    private int imagesInFlight() {
        return (int) Math.max(1, Math.ceil(config.rate()));
    }

    /** Lists and judges. */
    public AuditReport run(String namespace, PolicySet policies) throws InterruptedException {
        return judge(list(namespace), namespace, policies);
    }

    /** Lists and judges, keeping every workload's verdict. */
    public AuditPass pass(String namespace, PolicySet policies) throws InterruptedException {
        return judgePass(list(namespace), namespace, policies, AuditProgress.NONE);
    }

    /** The first context weighs; the others run once it is done, so they find the weight cached. */
    private CompletableFuture<Map<Context, ImageVerdict>> judgeEverywhere(
            String image, List<Context> contexts, PolicySet policies, RequestPace pace) {
        Map<Context, ImageVerdict> verdicts = new ConcurrentHashMap<>();
        Context first = contexts.get(0);
        return judgeIn(first, image, policies, pace)
                .thenCompose(firstVerdict -> {
                    verdicts.put(first, firstVerdict);
                    List<CompletableFuture<Void>> rest = contexts.subList(1, contexts.size()).stream()
                            .map(context ->
                                    judgeIn(context, image, policies, pace).thenAccept(v -> verdicts.put(context, v)))
                            .toList();
                    return CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new));
                })
                .thenApply(done -> orderedLike(contexts, verdicts));
    }

    /** Judges the image as an admission of a workload of this context would, its registry requests paced, within image-deadline. */
    private CompletableFuture<ImageVerdict> judgeIn(
            Context context, String image, PolicySet policies, RequestPace pace) {
        Deadline deadline = Deadline.in(config.imageDeadline());
        EvaluationRequest request = new EvaluationRequest(
                        context.namespace(),
                        context.kind(),
                        List.of(ImageUse.of(image)),
                        policies,
                        deadline,
                        context.pullSecrets())
                .pinnedTo(context.platform())
                .pacedBy(pace);
        return engine.evaluate(request)
                .whenComplete((evaluation, failure) -> deadline.cancel())
                .thenApply(evaluation -> evaluation.images().get(0));
    }

    private static Map<Context, ImageVerdict> orderedLike(List<Context> contexts, Map<Context, ImageVerdict> verdicts) {
        Map<Context, ImageVerdict> ordered = new LinkedHashMap<>();
        contexts.forEach(context -> ordered.put(context, verdicts.get(context)));
        return ordered;
    }

    private static Map<Context, ImageVerdict> await(CompletableFuture<Map<Context, ImageVerdict>> future)
            throws InterruptedException {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the engine failed: " + e.getCause(), e.getCause());
        } catch (CancellationException e) {
            throw new InterruptedException("the audit was cancelled");
        }
    }
}
