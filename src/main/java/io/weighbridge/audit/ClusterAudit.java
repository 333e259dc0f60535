package io.weighbridge.audit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.weighbridge.audit.ImageUses.Context;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.ImageVerdict;
import io.weighbridge.policy.PolicyEngine;
import io.weighbridge.policy.PolicySet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Weighs what runs in the cluster against the policies, through the one {@link PolicyEngine}.
 * Gentle by design: lists a page at a time, folds Pods into their owners, and weighs each
 * distinct image once, starting at most {@code weighbridge.audit.rate} new weighings per second.
 * An image is weighed as admission would weigh it: in each namespace, for each kind and with the
 * pull secrets of each pod spec that names it; the first of these weighs, the others are judged
 * once it is done, from the weigher's cache unless their credential differs. Blocking: run it off
 * the event loop.
 */
@ApplicationScoped
public class ClusterAudit {
    private final KubernetesClient client;
    private final PolicyEngine engine;
    private final AuditConfig config;

    ClusterAudit(KubernetesClient client, PolicyEngine engine, AuditConfig config) {
        this.client = client;
        this.engine = engine;
        this.config = config;
    }

    /** @param namespace one namespace, or {@code null} for all */
    public ClusterListing list(String namespace) {
        return new ClusterWorkloads(client, config.pageSize()).list(namespace);
    }

    /**
     * @param namespace what {@code listing} covers: one namespace, or {@code null} for all
     * @param policies policies to try, or {@code null} for the installed ones
     */
    public AuditReport judge(ClusterListing listing, String namespace, PolicySet policies) throws InterruptedException {
        List<RunningWorkload> workloads = Ownership.workloads(listing.objects());
        ImageUses uses = ImageUses.of(workloads);
        TokenBucket newWeighings = new TokenBucket(config.rate());
        Map<String, CompletableFuture<Map<Context, ImageVerdict>>> judged = new LinkedHashMap<>();
        try {
            for (String image : uses.images()) {
                newWeighings.acquire();
                judged.put(image, judgeEverywhere(image, new ArrayList<>(uses.of(image).keySet()), policies));
            }
        } catch (InterruptedException e) {
            judged.values().forEach(future -> future.cancel(true));
            throw e;
        }
        Map<String, Map<Context, ImageVerdict>> verdicts = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<Map<Context, ImageVerdict>>> entry : judged.entrySet()) {
            verdicts.put(entry.getKey(), await(entry.getValue()));
        }
        return new ReportAssembler(uses, verdicts).report(namespace, workloads.size(), listing.notes(), Instant.now());
    }

    /** Lists and judges. */
    public AuditReport run(String namespace, PolicySet policies) throws InterruptedException {
        return judge(list(namespace), namespace, policies);
    }

    /** The first context weighs; the others run once it is done, so they find the weight cached. */
    private CompletableFuture<Map<Context, ImageVerdict>> judgeEverywhere(
            String image, List<Context> contexts, PolicySet policies) {
        Map<Context, ImageVerdict> verdicts = new java.util.concurrent.ConcurrentHashMap<>();
        Context first = contexts.get(0);
        return judgeIn(first, image, policies).thenCompose(firstVerdict -> {
            verdicts.put(first, firstVerdict);
            List<CompletableFuture<Void>> rest = contexts.subList(1, contexts.size()).stream()
                    .map(context -> judgeIn(context, image, policies).thenAccept(v -> verdicts.put(context, v)))
                    .toList();
            return CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new));
        }).thenApply(done -> orderedLike(contexts, verdicts));
    }

    private CompletableFuture<ImageVerdict> judgeIn(Context context, String image, PolicySet policies) {
        Instant deadline = Instant.now().plus(config.imageDeadline());
        EvaluationRequest request = new EvaluationRequest(context.namespace(), context.kind(), List.of(ImageUse.of(image)),
                policies, deadline, context.pullSecrets());
        return engine.evaluate(request).thenApply(evaluation -> evaluation.images().get(0));
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
