package io.weighbridge.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.ImageWeigher;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.InvalidImageReferenceException;
import io.weighbridge.image.PlatformPin;
import io.weighbridge.image.PullSecretRefs;
import io.weighbridge.image.WeighingContext;
import io.weighbridge.policy.FindingMessages.Subject;
import io.weighbridge.policy.PreferredBases.Check;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Weighs the images of a request, each distinct reference once and all at once, and judges them
 * by every policy that applies. Images (and preferred base images) not weighed by the deadline
 * count as "cannot weigh" under each policy's {@code onRegistryError}; the returned future never
 * fails for a registry problem.
 */
// Built at startup with its weigher, HTTP client and caches, not under the first admission.
@Startup
@ApplicationScoped
public class DefaultPolicyEngine implements PolicyEngine {
    static final String REGISTRY_ERROR_RULE = "registry-error";

    private final ImageWeigher weigher;
    private final Supplier<PolicySet> installed;
    /**
     * Preferred base images change rarely and are named by many rules: keep their weights a while,
     * per namespace and pull secrets, since a base may be weighed with one namespace's secret.
     */
    private record BaseKey(ImageReference reference, String namespace, PullSecretRefs pullSecrets, PlatformPin platform) {}

    private final Cache<BaseKey, ImageWeight> baseWeights =
            Caffeine.newBuilder().maximumSize(256).expireAfterWrite(Duration.ofMinutes(10)).build();

    @Inject
    public DefaultPolicyEngine(ImageWeigher weigher, PolicyRepository repository) {
        this(weigher, repository::current);
    }

    public DefaultPolicyEngine(ImageWeigher weigher, Supplier<PolicySet> installed) {
        this.weigher = weigher;
        this.installed = installed;
    }

    @Override
    public PolicySet installedPolicies() {
        return installed.get();
    }

    @Override
    public CompletableFuture<Evaluation> evaluate(EvaluationRequest request) {
        PolicySet policies = request.policies() != null ? request.policies() : installedPolicies();
        List<Policy> applicable = policies.policies().stream()
                .filter(policy -> PolicyScope.appliesTo(policy, request.namespace(), request.kind()))
                .toList();
        String noneApplies = applicable.isEmpty() ? PolicyScope.noneApplies(policies, request.namespace(), request.kind()) : null;
        List<JudgedImage> images = request.images().stream()
                .map(use -> JudgedImage.of(use, applicable, noneApplies, request.platform()))
                .toList();

        // Without a namespace, the weigher reads no pull secret: the auth file alone applies.
        String secretsNamespace = request.namespacePullSecrets() ? request.namespace() : null;
        WeighingContext context = new WeighingContext(request.deadline(), secretsNamespace, request.pullSecrets(), request.pace(),
                request.platform());
        Map<ImageReference, CompletableFuture<Weighing>> weighings = new LinkedHashMap<>();
        Map<ImageReference, CompletableFuture<Weighing>> baseWeighings = new LinkedHashMap<>();
        for (JudgedImage image : images) {
            if (image.reference() != null && !image.judges().isEmpty()) {
                weighings.computeIfAbsent(image.reference(), ref -> weigh(ref, context));
                for (ImageReference base : baseReferences(image.judges())) {
                    baseWeighings.computeIfAbsent(base, ref -> weighBase(ref, context));
                }
            }
        }
        List<CompletableFuture<Weighing>> all = new ArrayList<>(weighings.values());
        all.addAll(baseWeighings.values());
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<ImageReference, Weighing> weights = results(weighings);
            Map<ImageReference, Weighing> bases = results(baseWeighings);
            List<ImageVerdict> verdicts = images.stream().map(image -> judge(image, weights, bases)).toList();
            List<Finding> habits = DockerfileHabits.judge(request.dockerfile(), applicable,
                    finalBaseWeight(request.dockerfile(), weights), bases);
            Action verdict = Stream.concat(verdicts.stream().map(ImageVerdict::verdict), habits.stream().map(Finding::action))
                    .reduce(Action.ALLOW, Action::strongest);
            return new Evaluation(verdict, verdicts, habits);
        });
    }

    /**
     * One image of the request, parsed, with the policies that judge it; when none does,
     * {@code notJudgedBecause} says why.
     */
    private record JudgedImage(
            ImageUse use, ImageReference reference, String cannotWeighBecause, List<Policy> judges, String notJudgedBecause,
            PlatformPin platform) {
        static JudgedImage of(ImageUse use, List<Policy> applicable, String noneApplies, PlatformPin platform) {
            if (applicable.isEmpty()) {
                return new JudgedImage(use, null, null, applicable, noneApplies, platform);
            }
            if (use.unknownBecause() != null) {
                return new JudgedImage(use, null, use.unknownBecause(), applicable, null, platform);
            }
            try {
                ImageReference reference = ImageReference.parse(use.image());
                List<Policy> judges = new ArrayList<>();
                List<String> exclusions = new ArrayList<>();
                for (Policy policy : applicable) {
                    PolicyScope.exclusion(policy, reference).ifPresentOrElse(
                            glob -> exclusions.add(policy.name() + " (excludeImages \"" + glob + "\")"),
                            () -> judges.add(policy));
                }
                String excluded = judges.isEmpty()
                        ? "excluded by " + (exclusions.size() == 1 ? "policy " : "policies ") + String.join(", ", exclusions)
                        : null;
                return new JudgedImage(use, reference, null, judges, excluded, platform);
            } catch (InvalidImageReferenceException e) {
                // Without a reference no excludeImages glob can vouch for it: every applicable policy judges it.
                return new JudgedImage(use, null, e.getMessage(), applicable, null, platform);
            }
        }

        String shownAs() {
            return reference != null ? reference.toString() : use.image();
        }
    }

    private CompletableFuture<Weighing> weigh(ImageReference reference, WeighingContext context) {
        CompletableFuture<Weighing> weighing;
        try {
            weighing = weigher.weigh(reference, context)
                    .handle((weight, failure) -> failure == null ? Weighing.of(weight) : Weighing.failed(reference, failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Weighing.failed(reference, e));
        }
        return context.deadline().bound(weighing, () -> Weighing.failed("not weighed before the deadline"));
    }

    private CompletableFuture<Weighing> weighBase(ImageReference reference, WeighingContext context) {
        BaseKey key = new BaseKey(reference, context.namespace(), context.pullSecrets(), context.platform());
        ImageWeight cached = baseWeights.getIfPresent(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(Weighing.of(cached));
        }
        return weigh(reference, context).thenApply(weighing -> {
            if (weighing.succeeded()) {
                baseWeights.put(key, weighing.weight());
            }
            return weighing;
        });
    }

    private static Set<ImageReference> baseReferences(List<Policy> policies) {
        Set<ImageReference> references = new LinkedHashSet<>();
        for (Policy policy : policies) {
            for (Rule rule : policy.rules()) {
                references.addAll(PreferredBases.references(rule.preferredBases()));
            }
        }
        return references;
    }

    /** The weight of the image the Dockerfile's final stage starts from, when it was among those weighed. */
    private static Optional<ImageWeight> finalBaseWeight(DockerfileSource source, Map<ImageReference, Weighing> weights) {
        if (source == null) {
            return Optional.empty();
        }
        return source.dockerfile().finalBase().flatMap(base -> {
            try {
                return Optional.ofNullable(weights.get(ImageReference.parse(base))).map(Weighing::weight);
            } catch (InvalidImageReferenceException e) {
                return Optional.empty();
            }
        });
    }

    private static Map<ImageReference, Weighing> results(Map<ImageReference, CompletableFuture<Weighing>> futures) {
        Map<ImageReference, Weighing> results = new LinkedHashMap<>();
        futures.forEach((reference, future) -> results.put(reference, future.join()));
        return results;
    }

    private static ImageVerdict judge(
            JudgedImage image, Map<ImageReference, Weighing> weights, Map<ImageReference, Weighing> bases) {
        if (image.judges().isEmpty()) {
            return ImageVerdict.notJudged(image.use().image(), image.notJudgedBecause());
        }
        Weighing weighing = image.reference() == null
                ? Weighing.failed(image.cannotWeighBecause())
                : weights.get(image.reference());
        List<Finding> findings = new ArrayList<>();
        for (Policy policy : image.judges()) {
            if (weighing.succeeded()) {
                findings.addAll(judge(image, policy, weighing.weight(), bases));
            } else {
                findings.add(cannotWeigh(image, policy, weighing.error()));
            }
        }
        Action verdict = findings.stream().map(Finding::action).reduce(Action.ALLOW, Action::strongest);
        return new ImageVerdict(image.use().image(), weighing.weight(), weighing.error(), findings, verdict);
    }

    private static List<Finding> judge(
            JudgedImage image, Policy policy, ImageWeight weight, Map<ImageReference, Weighing> bases) {
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : policy.rules()) {
            Outcome outcome = Outcome.of(rule.action(), policy.enforcement(), image.use().preexisting());
            Subject subject = subject(image, policy, rule.name(), outcome);
            String message = null;
            if (rule.maxSizeBytes() != null && weight.sizeBytes() > rule.maxSizeBytes()) {
                message = FindingMessages.tooBig(subject, weight, rule.maxSize());
            } else if (rule.maxLayers() != null && weight.layers().size() > rule.maxLayers()) {
                message = FindingMessages.tooManyLayers(subject, weight.layers().size(), rule.maxLayers());
            } else if (!rule.preferredBases().isEmpty()) {
                Check check = PreferredBases.check(rule.preferredBases(), weight, bases);
                if (check.undecided()) {
                    findings.add(cannotWeigh(image, policy, check.undecidedBecause()));
                } else if (check.baseUndetected()) {
                    findings.add(baseUndetected(image, policy, rule));
                } else if (!check.preferred()) {
                    message = FindingMessages.offPreferredBase(subject, weight.base(), rule.preferredBases());
                }
            }
            if (message != null) {
                findings.add(new Finding(rule.name(), policy.name(), outcome.action(), message, outcome.dryRun()));
            }
        }
        return findings;
    }

    private static Finding cannotWeigh(JudgedImage image, Policy policy, String reason) {
        Outcome outcome = Outcome.of(policy.onRegistryError(), policy.enforcement(), image.use().preexisting());
        Subject subject = subject(image, policy, REGISTRY_ERROR_RULE, outcome);
        String message = FindingMessages.cannotWeigh(subject, reason, policy.onRegistryError());
        return new Finding(REGISTRY_ERROR_RULE, policy.name(), outcome.action(), message, outcome.dryRun());
    }

    /** A base rule that could not be applied: a warning, whatever the rule's action, so no image is denied for a base nobody saw. */
    private static Finding baseUndetected(JudgedImage image, Policy policy, Rule rule) {
        Outcome outcome = Outcome.of(Action.WARN, policy.enforcement(), image.use().preexisting());
        String message = FindingMessages.baseUndetected(subject(image, policy, rule.name(), outcome), rule.preferredBases());
        return new Finding(rule.name(), policy.name(), outcome.action(), message, outcome.dryRun());
    }

    private static Subject subject(JudgedImage image, Policy policy, String rule, Outcome outcome) {
        return new Subject(image.shownAs(), image.use().container(), policy.name(), rule, outcome.action(),
                withPlatform(outcome.note(), image.platform()));
    }

    /** A pod pinned to a platform reads which one was weighed and why: {@code (weighed for arm64, pinned by nodeSelector)}. */
    private static String withPlatform(String note, PlatformPin platform) {
        if (!platform.pinned()) {
            return note;
        }
        String weighedFor = "(weighed for " + platform + ")";
        return note == null || note.isEmpty() ? weighedFor : weighedFor + " " + note;
    }
}
