package io.weighbridge.dockerfile;

import io.weighbridge.image.ImageReference;
import io.weighbridge.image.InvalidImageReferenceException;
import java.util.List;
import java.util.Locale;

/**
 * The final stage starts from an image that is none of the policies' preferred bases. When the
 * base was weighed and its distribution detected, that decides, as for the size rules
 * ({@code FROM myorg/base:1} detected as Alpine is preferred). Otherwise its name does: a
 * distribution id ({@code alpine}, {@code distroless}, {@code scratch}, {@code ubi}…) is found in
 * the image's path or tag ({@code python:3.12-alpine}), an image reference must name the same
 * repository (and tag, when it gives one). Silent when no policy prefers a base.
 */
final class BaseNotPreferred implements LintRule {
    static final String ID = "base-not-preferred";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<LintFinding> check(LintInput input) {
        List<String> preferred = input.preferredBases();
        String base = input.dockerfile().finalBase().orElse(null);
        if (preferred.isEmpty() || base == null || base.isBlank() || base.contains("$")) {
            return List.of();
        }
        DetectedBase detected = input.detectedBase();
        if (detected != null ? detected.preferred() : preferred.stream().anyMatch(entry -> matches(entry, base))) {
            return List.of();
        }
        List<Stage> shipped = input.dockerfile().shippedStages();
        int line = shipped.get(shipped.size() - 1).line();
        String judged = detected != null ? base + ", detected as " + detected.description() + "," : base;
        return List.of(new LintFinding(
                ID,
                line,
                "the final base " + judged + " is not one of the preferred bases " + String.join(", ", preferred),
                "start the final stage FROM one of them, copying only the result from a build stage"));
    }

    static boolean matches(String entry, String base) {
        String id = entry.toLowerCase(Locale.ROOT);
        if (base.equalsIgnoreCase("scratch")) {
            return id.equals("scratch");
        }
        if (id.chars().noneMatch(c -> c == '/' || c == ':' || c == '@' || c == '.')) {
            ImageName image = ImageName.of(base);
            return image.pathComponents().stream().anyMatch(part -> part.startsWith(id))
                    || image.tagWords().stream().anyMatch(word -> word.startsWith(id));
        }
        try {
            ImageReference wanted = ImageReference.parse(entry);
            ImageReference actual = ImageReference.parse(base);
            return wanted.registry().equals(actual.registry())
                    && wanted.repository().equals(actual.repository())
                    && (entry.indexOf(':', entry.lastIndexOf('/') + 1) < 0
                            || wanted.tag().equals(actual.tag()));
        } catch (InvalidImageReferenceException e) {
            return false;
        }
    }
}
