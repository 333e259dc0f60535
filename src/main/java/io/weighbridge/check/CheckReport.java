package io.weighbridge.check;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.Layer;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.FindingMessages;
import io.weighbridge.policy.ImageVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The dry-run answer of {@code POST /api/v1/check} and {@code check -o json}; its shape is a
 * public contract, documented field by field in {@code docs/check-json.md}.
 *
 * @param verdict the strongest verdict over all images
 * @param images one entry per judged image, in the order they were given
 * @param dockerfile the findings of the Dockerfile lint rules (BuildConfigs with an inline
 *     Dockerfile, {@code check -f Dockerfile}); left out when there are none
 * @param credentials why the pull secrets of the namespace were not used, when a caller of the
 *     API may not read them; left out when they were (or there were none to read)
 */
@JsonPropertyOrder({"verdict", "images", "dockerfile", "credentials"})
public record CheckReport(
        Action verdict,
        List<ImageEntry> images,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FindingEntry> dockerfile,
        @JsonInclude(JsonInclude.Include.NON_NULL) String credentials) {

    public CheckReport {
        images = List.copyOf(images);
        dockerfile = dockerfile == null ? List.of() : List.copyOf(dockerfile);
    }

    public CheckReport(Action verdict, List<ImageEntry> images, List<FindingEntry> dockerfile) {
        this(verdict, images, dockerfile, null);
    }

    public CheckReport(Action verdict, List<ImageEntry> images) {
        this(verdict, images, List.of());
    }

    /** The same report, saying why the namespace's pull secrets did not weigh its images. */
    public CheckReport withCredentials(String why) {
        return new CheckReport(verdict, images, dockerfile, why);
    }

    /** A report of a check where nothing was to be judged. */
    public static CheckReport empty() {
        return new CheckReport(Action.ALLOW, List.of());
    }

    public static CheckReport of(Evaluation evaluation) {
        return of(evaluation, image -> List.of());
    }

    /** The report of an evaluation, each image naming who uses it (empty for bare images). */
    public static CheckReport of(Evaluation evaluation, Function<String, List<ImageUser>> usersOfImage) {
        List<ImageEntry> entries = evaluation.images().stream()
                .map(verdict -> ImageEntry.of(verdict, usersOfImage.apply(verdict.image())))
                .toList();
        return new CheckReport(
                evaluation.verdict(),
                entries,
                evaluation.dockerfileFindings().stream().map(FindingEntry::of).toList());
    }

    /** The reports of several evaluations (one per object of a manifest) as one. */
    public static CheckReport combine(List<CheckReport> reports) {
        Action verdict = Action.ALLOW;
        List<ImageEntry> images = new ArrayList<>();
        List<FindingEntry> dockerfile = new ArrayList<>();
        for (CheckReport report : reports) {
            verdict = Action.strongest(verdict, report.verdict());
            images.addAll(report.images());
            dockerfile.addAll(report.dockerfile());
        }
        return new CheckReport(verdict, images, dockerfile);
    }

    /**
     * One judged image. The weight fields are {@code null} when the image was not weighed, and
     * then {@code error} says why: the registry's failure, or why no policy judged it.
     */
    @JsonPropertyOrder({
        "image",
        "digest",
        "platform",
        "sizeBytes",
        "layers",
        "largestLayerBytes",
        "base",
        "findings",
        "verdict",
        "error",
        "usedBy"
    })
    public record ImageEntry(
            String image,
            String digest,
            String platform,
            Long sizeBytes,
            Integer layers,
            Long largestLayerBytes,
            String base,
            List<FindingEntry> findings,
            Action verdict,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ImageUser> usedBy) {

        public ImageEntry {
            findings = List.copyOf(findings);
            usedBy = List.copyOf(usedBy);
        }

        static ImageEntry of(ImageVerdict verdict, List<ImageUser> usedBy) {
            List<FindingEntry> findings =
                    verdict.findings().stream().map(FindingEntry::of).toList();
            ImageWeight weight = verdict.weight();
            if (weight == null) {
                return new ImageEntry(
                        verdict.image(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        findings,
                        verdict.verdict(),
                        verdict.whyNotWeighed(),
                        usedBy);
            }
            return new ImageEntry(
                    verdict.image(),
                    weight.digest().toString(),
                    weight.platform(),
                    weight.sizeBytes(),
                    weight.layers().size(),
                    weight.largestLayer().map(Layer::sizeBytes).orElse(0L),
                    weight.base() == null ? null : weight.base().toString(),
                    findings,
                    verdict.verdict(),
                    verdict.error(),
                    usedBy);
        }

        public boolean weighed() {
            return sizeBytes != null;
        }
    }

    /**
     * One rule that matched.
     *
     * @param action the effective action; a finding of a {@code dryrun} policy is {@code allow}
     *     and has {@code dryRun} true, so it can be told apart from a rule written as allow
     */
    @JsonPropertyOrder({"rule", "policy", "action", "message", "dryRun"})
    public record FindingEntry(
            String rule,
            String policy,
            Action action,
            String message,
            boolean dryRun,
            @JsonIgnore Integer line) {
        public FindingEntry(String rule, String policy, Action action, String message, boolean dryRun) {
            this(rule, policy, action, message, dryRun, null);
        }

        static FindingEntry of(Finding finding) {
            Action action = finding.dryRun() ? Action.ALLOW : finding.action();
            return new FindingEntry(
                    finding.rule(), finding.policy(), action, finding.message(), finding.dryRun(), finding.line());
        }
    }

    /**
     * An object that uses an image, when the check was of objects: in a container, or as the base
     * a build starts from.
     *
     * @param object {@code Kind/namespace/name}, or {@code Kind/name} without a namespace
     * @param container the container's name; {@code null} for a build base
     * @param buildBase where a BuildConfig names the image it builds on ({@code dockerStrategy.from},
     *     {@code Dockerfile FROM line 7}); {@code null} for a container
     */
    @JsonPropertyOrder({"object", "container", "buildBase"})
    public record ImageUser(
            String object,
            @JsonInclude(JsonInclude.Include.NON_NULL) String container,
            @JsonInclude(JsonInclude.Include.NON_NULL) String buildBase) {

        public ImageUser(String object, String container) {
            this(object, container, null);
        }

        /** The user of an image as the engine names it: build bases carry {@link FindingMessages#BUILD_BASE_PREFIX}. */
        public static ImageUser of(String object, String container) {
            if (container != null && container.startsWith(FindingMessages.BUILD_BASE_PREFIX)) {
                return new ImageUser(object, null, container.substring(FindingMessages.BUILD_BASE_PREFIX.length()));
            }
            return new ImageUser(object, container, null);
        }
    }

    /** Counts of images per verdict, for summaries. */
    public Map<Action, Long> countByVerdict() {
        Map<Action, Long> counts = new java.util.EnumMap<>(Action.class);
        images.forEach(image -> counts.merge(image.verdict(), 1L, Long::sum));
        return counts;
    }
}
