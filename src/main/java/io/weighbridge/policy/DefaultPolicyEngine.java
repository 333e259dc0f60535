package io.weighbridge.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.Startup;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.ImageWeigher;
import io.weighbridge.image.ImageWeight;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

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

    /**
     * Each policy set compiled once, kept as long as the set is (keys by identity, weakly): the
     * installed set is the same object until a load installs another, so its globs, bases and
     * outcomes are built on its first judgement, not on every request. The few other sets are
     * those a check or a dry run brings along.
     */
    private final Cache<PolicySet, List<CompiledPolicy>> compiled =
            Caffeine.newBuilder().weakKeys().maximumSize(16).build();

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
        List<CompiledPolicy> applicable = new ArrayList<>();
        for (CompiledPolicy policy : compiled.get(policies, CompiledPolicy::of)) {
            if (policy.scope().appliesTo(request.namespace(), request.kind())) {
                applicable.add(policy);
            }
        }
        String noneApplies =
                applicable.isEmpty() ? PolicyScope.noneApplies(policies, request.namespace(), request.kind()) : null;
        List<JudgedImage> images = new ArrayList<>(request.images().size());
        for (ImageUse use : request.images()) {
            images.add(JudgedImage.of(use, applicable, noneApplies, request.platform()));
        }

        // Without a namespace, the weigher reads no pull secret: the auth file alone applies.
        String secretsNamespace = request.namespacePullSecrets() ? request.namespace() : null;
        WeighingContext context = new WeighingContext(
                request.deadline(), secretsNamespace, request.pullSecrets(), request.pace(), request.platform());
        Map<ImageReference, CompletableFuture<Weighing>> weighings = new LinkedHashMap<>();
        Map<ImageReference, CompletableFuture<Weighing>> baseWeighings = new LinkedHashMap<>();
        for (JudgedImage image : images) {
            if (image.reference() != null && !image.judges().isEmpty()) {
                weighings.computeIfAbsent(image.reference(), ref -> weigh(ref, context));
                for (CompiledPolicy policy : image.judges()) {
                    for (ImageReference base : policy.baseReferences()) {
                        baseWeighings.computeIfAbsent(base, ref -> weighBase(ref, context));
                    }
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
            List<ImageVerdict> verdicts = new ArrayList<>(images.size());
            Action verdict = Action.ALLOW;
            for (JudgedImage image : images) {
                ImageVerdict judged =
                        lifting.lift(judge(image, weights, bases), request.namespace(), request.workload(), now);
                verdicts.add(judged);
                verdict = Action.strongest(verdict, judged.verdict());
            }
            List<Finding> habits = lifting.lift(
                    DockerfileHabits.judge(
                            request.dockerfile(),
                            policiesOf(applicable),
                            finalBaseWeight(request.dockerfile(), weights),
                            bases),
                    request.namespace(),
                    request.workload(),
                    null,
                    now);
            for (Finding habit : habits) {
                verdict = Action.strongest(verdict, habit.action());
            }
            return new Evaluation(verdict, verdicts, habits);
        });
    }

    /**
     * One image of the request, parsed, with the policies that judge it and the image it replaces
     * in its container ({@code null} when none); when no policy judges it, {@code notJudgedBecause}
     * says why.
     *
     * @param parsed the image parsed, or {@code null} when no policy applies or it cannot be known
     */
    private record JudgedImage(
            ImageUse use,
            ParsedReference parsed,
            String cannotWeighBecause,
            List<CompiledPolicy> judges,
            String notJudgedBecause,
            Replaced replaced,
            PlatformPin platform) {
        static JudgedImage of(ImageUse use, List<CompiledPolicy> applicable, String noneApplies, PlatformPin platform) {
            Replaced replaced = use.replaces() == null ? null : new Replaced(ParsedReference.of(use.replaces()));
            if (applicable.isEmpty()) {
                return new JudgedImage(use, null, null, applicable, noneApplies, replaced, platform);
            }
            if (use.unknownBecause() != null) {
                return new JudgedImage(use, null, use.unknownBecause(), applicable, null, replaced, platform);
            }
            ParsedReference parsed = ParsedReference.of(use.image());
            if (parsed.reference() == null) {
                // Without a reference no excludeImages glob can vouch for it: every applicable policy judges it.
                return new JudgedImage(use, parsed, parsed.invalidBecause(), applicable, null, replaced, platform);
            }
            List<CompiledPolicy> judges = applicable;
            List<String> exclusions = null;
            for (int i = 0; i < applicable.size(); i++) {
                CompiledPolicy policy = applicable.get(i);
                String glob = policy.scope().exclusion(parsed.reference());
                if (glob != null) {
                    if (exclusions == null) {
                        exclusions = new ArrayList<>();
                        judges = new ArrayList<>(applicable.subList(0, i));
                    }
                    exclusions.add(policy.policy().id() + " (excludeImages \"" + glob + "\")");
                } else if (exclusions != null) {
                    judges.add(policy);
                }
            }
            String excluded = judges.isEmpty()
                    ? "excluded by " + (exclusions.size() == 1 ? "policy " : "policies ")
                            + String.join(", ", exclusions)
                    : null;
            return new JudgedImage(use, parsed, null, judges, excluded, replaced, platform);
        }

        ImageReference reference() {
            return parsed == null ? null : parsed.reference();
        }

        String shownAs() {
            return parsed != null ? parsed.shownAs() : use.image();
        }
    }

    /** The image a container ran before: parsed, or why it cannot be. */
    private record Replaced(ParsedReference parsed) {
        ImageReference reference() {
            return parsed.reference();
        }

        String invalidBecause() {
            return parsed.invalidBecause();
        }

        String shownAs() {
            return parsed.shownAs();
        }
    }

    private static boolean judgesGrowth(List<CompiledPolicy> policies) {
        for (CompiledPolicy policy : policies) {
            if (policy.judgesGrowth()) {
                return true;
            }
        }
        return false;
    }

    private static List<Policy> policiesOf(List<CompiledPolicy> policies) {
        List<Policy> loaded = new ArrayList<>(policies.size());
        for (CompiledPolicy policy : policies) {
            loaded.add(policy.policy());
        }
        return loaded;
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

    /** The weight of the image the Dockerfile's final stage starts from, when it was among those weighed. */
    private static Optional<ImageWeight> finalBaseWeight(
            DockerfileSource source, Map<ImageReference, Weighing> weights) {
        if (source == null) {
            return Optional.empty();
        }
        return source.dockerfile().finalBase().flatMap(base -> {
            ImageReference reference = ParsedReference.of(base).reference();
            return reference == null
                    ? Optional.empty()
                    : Optional.ofNullable(weights.get(reference)).map(Weighing::weight);
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
        for (CompiledPolicy policy : image.judges()) {
            if (weighing.succeeded()) {
                judge(image, policy, weighing.weight(), bases, replacedWeighing(image, weights), findings);
            } else {
                findings.add(cannotWeigh(image, policy.policy(), weighing.error()));
            }
        }
        Action verdict = Action.ALLOW;
        for (Finding finding : findings) {
            verdict = Action.strongest(verdict, finding.action());
        }
        return new ImageVerdict(
                image.use().image(), weighing.weight(), weighing.error(), findings, verdict, rulesOf(image.judges()));
    }

    private static List<RuleRef> rulesOf(List<CompiledPolicy> policies) {
        if (policies.size() == 1) {
            return policies.get(0).ruleRefs();
        }
        List<RuleRef> rules = new ArrayList<>();
        for (CompiledPolicy policy : policies) {
            rules.addAll(policy.ruleRefs());
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

    /** Adds to {@code findings} what the policy's rules find about the image. */
    private static void judge(
            JudgedImage image,
            CompiledPolicy compiled,
            ImageWeight weight,
            Map<ImageReference, Weighing> bases,
            Weighing replaced,
            List<Finding> findings) {
        Policy policy = compiled.policy();
        for (CompiledPolicy.CompiledRule compiledRule : compiled.rules()) {
            Rule rule = compiledRule.rule();
            Outcome outcome = compiledRule.outcome(image.use().preexisting());
            String message = null;
            if (rule.maxSizeBytes() != null && weight.sizeBytes() > rule.maxSizeBytes()) {
                message = FindingMessages.tooBig(subject(image, policy, rule.name(), outcome), weight, rule.maxSize());
            } else if (rule.maxLayers() != null && weight.layers().size() > rule.maxLayers()) {
                message = FindingMessages.tooManyLayers(
                        subject(image, policy, rule.name(), outcome),
                        weight.layers().size(),
                        rule.maxLayers());
            } else if (rule.maxGrowth() != null && replaced != null) {
                if (!replaced.succeeded()) {
                    findings.add(cannotWeigh(
                            image,
                            policy,
                            "the image it replaces, " + image.replaced().shownAs()
                                    + ", could not be weighed to judge its growth: " + replaced.error()));
                } else if (rule.maxGrowth().exceededBy(replaced.weight().sizeBytes(), weight.sizeBytes())) {
                    message = FindingMessages.grewTooMuch(
                            subject(image, policy, rule.name(), outcome),
                            weight,
                            image.replaced().shownAs(),
                            replaced.weight(),
                            rule.maxGrowth().written());
                }
            } else if (!rule.preferredBases().isEmpty()) {
                Check check = PreferredBases.check(compiledRule.preferredBases(), weight, bases);
                if (check.undecided()) {
                    findings.add(cannotWeigh(image, policy, check.undecidedBecause()));
                } else if (check.baseUndetected()) {
                    findings.add(baseUndetected(image, policy, rule));
                } else if (!check.preferred()) {
                    message = FindingMessages.offPreferredBase(
                            subject(image, policy, rule.name(), outcome), weight.base(), rule.preferredBases());
                }
            }
            if (message != null) {
                findings.add(new Finding(rule.name(), policy.id(), outcome.action(), message, outcome.dryRun()));
            }
        }
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
