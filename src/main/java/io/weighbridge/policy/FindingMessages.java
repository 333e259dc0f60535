package io.weighbridge.policy;

import io.weighbridge.image.BaseImage;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.Layer;
import io.weighbridge.image.OneLine;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one-line messages of findings, written to teach how to shrink an image. Pure functions.
 *
 * <p>Warnings travel as HTTP {@code Warning} headers and kubectl shows them one per line; the
 * API server truncates long ones, so a warning is kept under {@value #WARNING_LIMIT} characters
 * by shortening the least useful parts first. Messages are plain ASCII for the same reason.
 */
public final class FindingMessages {
    /** The most characters of a warning. */
    public static final int WARNING_LIMIT = 255;
    /** The most characters of a denial message (still one line). */
    public static final int DENIAL_LIMIT = 1024;

    /**
     * The "container" of an image a build starts from ({@code build:dockerStrategy.from},
     * {@code build:Dockerfile FROM line 12}): messages then speak of a build base.
     */
    public static final String BUILD_BASE_PREFIX = "build:";

    private static final Pattern JAVA_EXCEPTION_NAME =
            Pattern.compile("\\b(?:[a-z][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");

    private static final int LONG_STEP = 90;
    private static final int SHORT_STEP = 36;

    private FindingMessages() {}

    /**
     * Who a finding is about and what it does.
     *
     * @param image the normalised reference, or the image as written when it does not parse
     * @param container the container, or {@code null}
     * @param action the effective action: sets the length budget
     * @param note why the action differs from the rule's ({@code (dry run)}), or empty
     */
    public record Subject(String image, String container, String policy, String rule, Action action, String note) {
        String who() {
            if (isBuildBase()) {
                return "build base " + image + " (" + container.substring(BUILD_BASE_PREFIX.length()) + ")";
            }
            return container == null ? image : image + " (container " + container + ")";
        }

        boolean isBuildBase() {
            return container != null && container.startsWith(BUILD_BASE_PREFIX);
        }

        String by() {
            return policy + "/" + rule;
        }
    }

    public static String tooBig(Subject s, ImageWeight weight, String limit) {
        String head =
                s.who() + (weight.pulledFrom() != null ? " (as weighed in mirror " + weight.pulledFrom() + ")" : "")
                        + " is " + ByteSizes.format(weight.sizeBytes()) + ", above the " + limit
                        + " limit of " + s.by();
        if (s.isBuildBase()) {
            return fit(s, head + "; the build could only produce something bigger; " + Remedy.BASE.advice());
        }
        Optional<Layer> largest = weight.largestLayer();
        if (largest.isEmpty()) {
            return fit(s, head + "; " + Remedy.GENERAL.advice());
        }
        Layer layer = largest.get();
        String size = ByteSizes.format(layer.sizeBytes());
        boolean told = layer.createdBy() != null && !layer.createdBy().isBlank();
        BuildStep step = told ? BuildStep.fromHistory(layer.createdBy()) : null;
        boolean bottom = layer == weight.layers().get(0) && weight.layers().size() > 1;
        if (bottom && (step == null || !step.instruction().startsWith("RUN "))) {
            return fit(s, head + "; largest layer " + size + " is the base image's; " + Remedy.BASE.advice());
        }
        if (step == null) {
            return fit(s, head + "; largest layer " + size + "; " + Remedy.GENERAL.advice());
        }
        String remedy = Remedy.forStep(step).advice();
        return fit(
                s,
                head + "; largest layer " + size + " from `" + step.shortened(LONG_STEP) + "`; " + remedy,
                head + "; largest layer " + size + " from `" + step.shortened(SHORT_STEP) + "`; " + remedy,
                head + "; largest layer " + size + "; " + remedy);
    }

    /**
     * An image that grew more than a {@code maxGrowth} budget over the one it replaces: both sizes,
     * the growth, and the largest layer the old image did not have, with the remedy for the step
     * that made it.
     */
    public static String grewTooMuch(
            Subject s, ImageWeight weight, String replaced, ImageWeight before, String budget) {
        long growth = weight.sizeBytes() - before.sizeBytes();
        String share = GrowthBudget.share(before.sizeBytes(), weight.sizeBytes());
        String head = s.who() + " grew from " + ByteSizes.format(before.sizeBytes()) + " (" + replaced + ") to "
                + ByteSizes.format(weight.sizeBytes()) + ", +" + ByteSizes.format(growth)
                + (share == null ? "" : " (" + share + ")")
                + ", above the " + budget + " growth budget of " + s.by();
        java.util.Set<io.weighbridge.image.Digest> old = new java.util.HashSet<>();
        before.layers().forEach(layer -> old.add(layer.digest()));
        Optional<Layer> largestNew = weight.layers().stream()
                .filter(layer -> !old.contains(layer.digest()))
                .max(java.util.Comparator.comparingLong(Layer::sizeBytes));
        if (largestNew.isEmpty()) {
            return fit(s, head + "; " + Remedy.GENERAL.advice());
        }
        Layer layer = largestNew.get();
        String size = ByteSizes.format(layer.sizeBytes());
        if (layer.createdBy() == null || layer.createdBy().isBlank()) {
            return fit(s, head + "; largest new layer " + size + "; " + Remedy.GENERAL.advice());
        }
        BuildStep step = BuildStep.fromHistory(layer.createdBy());
        String remedy = Remedy.forStep(step).advice();
        return fit(
                s,
                head + "; largest new layer " + size + " from `" + step.shortened(LONG_STEP) + "`; " + remedy,
                head + "; largest new layer " + size + " from `" + step.shortened(SHORT_STEP) + "`; " + remedy,
                head + "; largest new layer " + size + "; " + remedy,
                head);
    }

    public static String tooManyLayers(Subject s, int layers, int limit) {
        return fit(
                s,
                s.who() + " has " + layers + " layers (limit " + limit + ", " + s.by()
                        + "); combine RUN steps into one with cleanup in the same step, or use a multi-stage build");
    }

    /** The base rule was not applied: the image's base could not be detected, in time or from its bottom layers. */
    public static String baseUndetected(Subject s, List<String> preferred) {
        return fit(
                s,
                s.who() + ": its base could not be detected in time or from its bottom layers, so " + s.by()
                        + " (prefers " + String.join(", ", preferred) + ") was not applied");
    }

    public static String offPreferredBase(Subject s, BaseImage base, List<String> preferred) {
        String builtOn =
                base == null || !base.known() ? "is built on a base that could not be detected" : "is built on " + base;
        return fit(
                s,
                s.who() + " " + builtOn + "; " + s.by() + " prefers " + String.join(", ", preferred)
                        + "; rebuild FROM one of them, copying only the result in a multi-stage build");
    }

    /**
     * A Dockerfile habit that makes the image bigger.
     *
     * @param s the subject: its image is where the Dockerfile came from, its rule the lint rule id
     */
    public static String dockerfileHabit(Subject s, int line, String problem, String remedy) {
        String head =
                "Dockerfile" + (s.image() == null ? "" : " of " + s.image()) + " line " + line + " (" + s.by() + "): ";
        return fit(s, head + problem + "; " + remedy, head + problem + "; " + shorten(remedy, 80));
    }

    /** An image that could not be weighed, and what the policy's {@code onRegistryError} did. */
    public static String cannotWeigh(Subject s, String reason, Action onRegistryError) {
        String consequence = "; " + s.policy() + " says " + onRegistryError.id() + " when an image cannot be weighed";
        String head = "could not weigh " + s.who() + ": ";
        String why = withoutImage(withoutJavaNames(oneLine(reason)), s.image());
        return fit(s, head + why + consequence, head + shorten(why, 100) + consequence);
    }

    /**
     * The reason without the image's name, which the message has already given: the weigher's
     * reasons start with {@code cannot weigh <image>: } and an unparsable reference's with
     * {@code invalid image reference "<image>": }.
     */
    private static String withoutImage(String reason, String image) {
        for (String prefix : List.of("cannot weigh " + image + ": ", image + ": ")) {
            if (reason.startsWith(prefix)) {
                return reason.substring(prefix.length());
            }
        }
        return reason.replace(" \"" + image + "\":", ":");
    }

    /**
     * A finding an exception lifted: a warning that says so first (what is cut to fit is the end of
     * the original message, never the exception).
     */
    public static String lifted(String message, Exemption exemption) {
        String head = "lifted until " + exemption.expiresAt() + " by exception " + exemption.id() + " ("
                + shorten(oneLine(exemption.reason()), 80) + "): ";
        return shorten(head + message, WARNING_LIMIT);
    }

    /** The first candidate, with the note, that fits the subject's budget; else the last one cut short. */
    private static String fit(Subject s, String... candidates) {
        int limit = s.action() == Action.WARN ? WARNING_LIMIT : DENIAL_LIMIT;
        String note = s.note() == null || s.note().isEmpty() ? "" : " " + s.note();
        for (String candidate : candidates) {
            if (candidate.length() + note.length() <= limit) {
                return candidate + note;
            }
        }
        return shorten(candidates[candidates.length - 1], limit - note.length()) + note;
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 3)) + "...";
    }

    private static String oneLine(String text) {
        return text == null ? "unknown reason" : OneLine.of(text);
    }

    /**
     * A reason as a person reads it: without the names of Java exceptions ({@code
     * IllegalArgumentException: }, {@code java.net.UnknownHostException: }) that a library's
     * failure may carry into it. What follows the name, the library's own words, stays.
     */
    static String withoutJavaNames(String reason) {
        String cleaned = JAVA_EXCEPTION_NAME.matcher(reason).replaceAll("").strip();
        return cleaned.isEmpty() ? "unknown reason" : cleaned;
    }
}
