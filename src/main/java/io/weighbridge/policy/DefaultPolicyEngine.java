package io.weighbridge.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.Startup;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.ImageWeigher;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.InvalidImageReferenceException;
import io.weighbridge.image.PlatformPin;
import io.weighbridge.image.PullSecretRefs;
import io.weighbridge.image.WeighingContext;
import io.weighbridge.policy.FindingMessages.Subject;
import io.weighbridge.policy.PreferredBases.Check;
import io.weighbridge.workload.WorkloadName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    /** The rule name of a finding about an image that could not be weighed (or judged), under onRegistryError. */
    public static final String REGISTRY_ERROR_RULE = "registry-error";

    private final ImageWeigher weigher;
    private final Supplier<PolicySet> installed;
    private final Supplier<Exemptions> exemptions;
    /** Read at every judgement: an exception stops lifting the instant it expires. */
    private final Clock clock;
    /**
     * Preferred base images change rarely and are named by many rules: keep their weights a while,
     * per namespace and pull secrets, since a base may be weighed with one namespace's secret.
     */
    private record BaseKey(
            ImageReference reference, String namespace, PullSecretRefs pullSecrets, PlatformPin platform) {}

    private final Cache<BaseKey, ImageWeight> baseWeights = Caffeine.newBuilder()
            .maximumSize(256)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    @Inject
    public DefaultPolicyEngine(ImageWeigher weigher, InstalledPolicies installed, Clock clock) {
        this(weigher, installed::current, installed::exemptions, clock);
    }

    public DefaultPolicyEngine(ImageWeigher weigher, Supplier<PolicySet> installed) {
        this(weigher, installed, () -> Exemptions.NONE, Clock.systemUTC());
    }

    public DefaultPolicyEngine(
            ImageWeigher weigher, Supplier<PolicySet> installed, Supplier<Exemptions> exemptions, Clock clock) {
        this.weigher = weigher;
        this.installed = installed;
        this.exemptions = exemptions;
        this.clock = clock;
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
        String noneApplies =
                applicable.isEmpty() ? PolicyScope.noneApplies(policies, request.namespace(), request.kind()) : null;
        List<JudgedImage> images = request.images().stream()
                .map(use -> JudgedImage.of(use, applicable, noneApplies, request.platform()))
                .toList();

        // Without a namespace, the weigher reads no pull secret: the auth file alone applies.
        String secretsNamespace = request.namespacePullSecrets() ? request.namespace() : null;
        WeighingContext context = new WeighingContext(
                request.deadline(), secretsNamespace, request.pullSecrets(), request.pace(), request.platform());
        Map<ImageReference, CompletableFuture<Weighing>> weighings = new LinkedHashMap<>();
        Map<ImageReference, CompletableFuture<Weighing>> baseWeighings = new LinkedHashMap<>();
        for (JudgedImage image : images) {
            if (image.reference() != null && !image.judges().isEmpty()) {
                weighings.computeIfAbsent(image.reference(), ref -> weigh(ref, context));
                for (ImageReference base : baseReferences(image.judges())) {
                    baseWeighings.computeIfAbsent(base, ref -> weighBase(ref, context));
                }
                // The image it replaces is weighed like it, in the same context: the cache has it when it ran before.
                if (image.replaced() != null && image.replaced().reference() != null && judgesGrowth(image.judges())) {
                    weighings.computeIfAbsent(image.replaced().reference(), ref -> weigh(ref, context));
                }
            }
        }
        List<CompletableFuture<Weighing>> all = new ArrayList<>(weighings.values());
        all.addAll(baseWeighings.values());
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<ImageReference, Weighing> weights = results(weighings);
            Map<ImageReference, Weighing> bases = results(baseWeighings);
            Exemptions lifting = exemptions.get();
            Instant now = clock.instant();
            List<ImageVerdict> verdicts = images.stream()
                    .map(image ->
                            lifting.lift(judge(image, weights, bases), request.namespace(), request.workload(), now))
                    .toList();
            List<Finding> habits = lifting.lift(
                    DockerfileHabits.judge(
                            request.dockerfile(), applicable, finalBaseWeight(request.dockerfile(), weights), bases),
                    request.namespace(),
                    request.workload(),
                    null,
                    now);
            Action verdict = Stream.concat(
                            verdicts.stream().map(ImageVerdict::verdict),
                            habits.stream().map(Finding::action))
                    .reduce(Action.ALLOW, Action::strongest);
            return new Evaluation(verdict, verdicts, habits);
        });
    }

    /**
     * One image of the request, parsed, with the policies that judge it and the image it replaces
     * in its container ({@code null} when none); when no policy judges it, {@code notJudgedBecause}
     * says why.
     */
    private record JudgedImage(
            ImageUse use,
            ImageReference reference,
            String cannotWeighBecause,
            List<Policy> judges,
            String notJudgedBecause,
            Replaced replaced,
            PlatformPin platform) {
        static JudgedImage of(ImageUse use, List<Policy> applicable, String noneApplies, PlatformPin platform) {
            Replaced replaced = use.replaces() == null ? null : Replaced.of(use.replaces());
            if (applicable.isEmpty()) {
                return new JudgedImage(use, null, null, applicable, noneApplies, replaced, platform);
            }
            if (use.unknownBecause() != null) {
                return new JudgedImage(use, null, use.unknownBecause(), applicable, null, replaced, platform);
            }
            try {
                ImageReference reference = ImageReference.parse(use.image());
                List<Policy> judges = new ArrayList<>();
                List<String> exclusions = new ArrayList<>();
                for (Policy policy : applicable) {
                    PolicyScope.exclusion(policy, reference)
                            .ifPresentOrElse(
                                    glob -> exclusions.add(policy.id() + " (excludeImages \"" + glob + "\")"),
                                    () -> judges.add(policy));
                }
                String excluded = judges.isEmpty()
                        ? "excluded by " + (exclusions.size() == 1 ? "policy " : "policies ")
                                + String.join(", ", exclusions)
                        : null;
                return new JudgedImage(use, reference, null, judges, excluded, replaced, platform);
            } catch (InvalidImageReferenceException e) {
                // Without a reference no excludeImages glob can vouch for it: every applicable policy judges it.
                return new JudgedImage(use, null, e.getMessage(), applicable, null, replaced, platform);
            }
        }

        String shownAs() {
            return reference != null ? reference.toString() : use.image();
        }
    }

    /** The image a container ran before: parsed, or why it cannot be. */
    private record Replaced(String image, ImageReference reference, String invalidBecause) {
        static Replaced of(String image) {
            try {
                return new Replaced(image, ImageReference.parse(image), null);
            } catch (InvalidImageReferenceException e) {
                return new Replaced(image, null, e.getMessage());
            }
        }

        String shownAs() {
            return reference != null ? reference.toString() : image;
        }
    }

    private static boolean judgesGrowth(List<Policy> policies) {
        return policies.stream().anyMatch(policy -> policy.rules().stream().anyMatch(rule -> rule.maxGrowth() != null));
    }

    @Override
    public ImageVerdict liftedFor(ImageVerdict verdict, String namespace, List<WorkloadName> workload) {
        return exemptions.get().lift(verdict, namespace, workload, clock.instant());
    }

    private CompletableFuture<Weighing> weigh(ImageReference reference, WeighingContext context) {
        CompletableFuture<Weighing> weighing;
        try {
            weighing = weigher.weigh(reference, context)
                    .handle((weight, failure) ->
                            failure == null ? Weighing.of(weight) : Weighing.failed(reference, failure));
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
    private static Optional<ImageWeight> finalBaseWeight(
            DockerfileSource source, Map<ImageReference, Weighing> weights) {
        if (source == null) {
            return Optional.empty();
        }
        return source.dockerfile().finalBase().flatMap(base -> {
            try {
                return Optional.ofNullable(weights.get(ImageReference.parse(base)))
                        .map(Weighing::weight);
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
                findings.addAll(judge(image, policy, weighing.weight(), bases, replacedWeighing(image, weights)));
            } else {
                findings.add(cannotWeigh(image, policy, weighing.error()));
            }
        }
        Action verdict = findings.stream().map(Finding::action).reduce(Action.ALLOW, Action::strongest);
        return new ImageVerdict(
                image.use().image(), weighing.weight(), weighing.error(), findings, verdict, rulesOf(image.judges()));
    }

    private static List<RuleRef> rulesOf(List<Policy> policies) {
        List<RuleRef> rules = new ArrayList<>();
        for (Policy policy : policies) {
            policy.rules().forEach(rule -> rules.add(new RuleRef(policy.id(), rule.name())));
        }
        return rules;
    }

    /** How the image a container ran before weighed, or {@code null} when there is none to judge growth by. */
    private static Weighing replacedWeighing(JudgedImage image, Map<ImageReference, Weighing> weights) {
        Replaced replaced = image.replaced();
        if (replaced == null) {
            return null;
        }
        if (replaced.reference() == null) {
            return Weighing.failed(replaced.invalidBecause());
        }
        Weighing weighing = weights.get(replaced.reference());
        return weighing != null ? weighing : Weighing.failed("not weighed");
    }

    private static List<Finding> judge(
            JudgedImage image,
            Policy policy,
            ImageWeight weight,
            Map<ImageReference, Weighing> bases,
            Weighing replaced) {
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : policy.rules()) {
            Outcome outcome =
                    Outcome.of(rule.action(), policy.enforcement(), image.use().preexisting());
            Subject subject = subject(image, policy, rule.name(), outcome);
            String message = null;
            if (rule.maxSizeBytes() != null && weight.sizeBytes() > rule.maxSizeBytes()) {
                message = FindingMessages.tooBig(subject, weight, rule.maxSize());
            } else if (rule.maxLayers() != null && weight.layers().size() > rule.maxLayers()) {
                message = FindingMessages.tooManyLayers(subject, weight.layers().size(), rule.maxLayers());
            } else if (rule.maxGrowth() != null && replaced != null) {
                if (!replaced.succeeded()) {
                    findings.add(cannotWeigh(
                            image,
                            policy,
                            "the image it replaces, " + image.replaced().shownAs()
                                    + ", could not be weighed to judge its growth: " + replaced.error()));
                } else if (rule.maxGrowth().exceededBy(replaced.weight().sizeBytes(), weight.sizeBytes())) {
                    message = FindingMessages.grewTooMuch(
                            subject,
                            weight,
                            image.replaced().shownAs(),
                            replaced.weight(),
                            rule.maxGrowth().written());
                }
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
                findings.add(new Finding(rule.name(), policy.id(), outcome.action(), message, outcome.dryRun()));
            }
        }
        return findings;
    }

    private static Finding cannotWeigh(JudgedImage image, Policy policy, String reason) {
        Outcome outcome = Outcome.of(
                policy.onRegistryError(), policy.enforcement(), image.use().preexisting());
        Subject subject = subject(image, policy, REGISTRY_ERROR_RULE, outcome);
        String message = FindingMessages.cannotWeigh(subject, reason, policy.onRegistryError());
        return new Finding(REGISTRY_ERROR_RULE, policy.id(), outcome.action(), message, outcome.dryRun());
    }

    /** A base rule that could not be applied: a warning, whatever the rule's action, so no image is denied for a base nobody saw. */
    private static Finding baseUndetected(JudgedImage image, Policy policy, Rule rule) {
        Outcome outcome =
                Outcome.of(Action.WARN, policy.enforcement(), image.use().preexisting());
        String message =
                FindingMessages.baseUndetected(subject(image, policy, rule.name(), outcome), rule.preferredBases());
        return new Finding(rule.name(), policy.id(), outcome.action(), message, outcome.dryRun());
    }

    private static Subject subject(JudgedImage image, Policy policy, String rule, Outcome outcome) {
        return new Subject(
                image.shownAs(),
                image.use().container(),
                policy.id(),
                rule,
                outcome.action(),
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
