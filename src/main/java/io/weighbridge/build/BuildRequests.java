package io.weighbridge.build;

import io.fabric8.openshift.api.model.BuildConfig;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.weighbridge.image.Deadline;
import io.weighbridge.policy.DockerfileSource;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.FindingMessages;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.PolicySet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Turns a BuildConfig into what the one engine judges: its bases as images (image streams
 * resolved through the API, off the event loop) and its inline Dockerfile. A base that cannot be
 * resolved is kept under its image-stream name, which no registry can weigh, so each policy's
 * {@code onRegistryError} decides.
 */
@ApplicationScoped
public class BuildRequests {
    private static final Logger LOG = Logger.getLogger(BuildRequests.class);
    private final ImageStreams imageStreams;

    BuildRequests(ImageStreams imageStreams) {
        this.imageStreams = imageStreams;
    }

    /**
     * @param namespace the BuildConfig's namespace (image streams without one are looked up there)
     * @param basesBefore bases of the object before this UPDATE: warned about, never denied
     */
    public CompletableFuture<EvaluationRequest> request(
            BuildConfig config,
            String namespace,
            String kind,
            Set<String> basesBefore,
            PolicySet policies,
            Deadline deadline) {
        BuildPlan plan = BuildPlan.of(config);
        String origin = "BuildConfig " + (namespace == null ? "" : namespace + "/") + nameOf(config);
        DockerfileSource dockerfile =
                plan.dockerfile() == null ? null : new DockerfileSource(plan.dockerfile(), origin);
        if (plan.bases().stream().noneMatch(BaseRef::isImageStream)) {
            return CompletableFuture.completedFuture(new EvaluationRequest(
                    namespace, kind, uses(plan, namespace, basesBefore), policies, deadline, dockerfile));
        }
        return CompletableFuture.supplyAsync(
                        () -> uses(plan, namespace, basesBefore), Infrastructure.getDefaultWorkerPool())
                .thenApply(uses -> new EvaluationRequest(namespace, kind, uses, policies, deadline, dockerfile));
    }

    /** The images of the bases as written, image streams unresolved: what an UPDATE compares with. */
    public static Set<String> basesAsWritten(BuildConfig config) {
        return Set.copyOf(
                BuildPlan.of(config).bases().stream().map(BaseRef::name).toList());
    }

    private List<ImageUse> uses(BuildPlan plan, String namespace, Set<String> basesBefore) {
        List<ImageUse> uses = new ArrayList<>();
        for (BaseRef base : plan.bases()) {
            String image = base.isImageStream() ? resolve(base, namespace) : base.name();
            uses.add(new ImageUse(
                    image,
                    FindingMessages.BUILD_BASE_PREFIX + base.origin(),
                    basesBefore.contains(base.name()),
                    base.unknownBecause()));
        }
        return uses;
    }

    private String resolve(BaseRef base, String namespace) {
        String where = base.namespace() != null ? base.namespace() : namespace;
        String shown = base.kind() + " " + where + "/" + base.name();
        try {
            return imageStreams
                    .dockerImageReference(where, base.kind(), base.name())
                    .orElseGet(() -> {
                        LOG.debugf("%s not found", shown);
                        return shown + " (not found)";
                    });
        } catch (RuntimeException e) {
            LOG.warnf("cannot resolve %s: %s", shown, e.getMessage());
            return shown + " (unresolved: " + e.getMessage() + ")";
        }
    }

    private static String nameOf(BuildConfig config) {
        return config.getMetadata() == null || config.getMetadata().getName() == null
                ? "(unnamed)"
                : config.getMetadata().getName();
    }
}
