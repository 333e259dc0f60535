package io.weighbridge.workload;

import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.weighbridge.image.PlatformPin;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The platform a pod spec pins its pods to, read once here for every entry point: the
 * {@code kubernetes.io/arch} (and {@code kubernetes.io/os}) of its {@code nodeSelector}, else of
 * its required node affinity when every term allows exactly one and the same value with
 * {@code In}. Anything looser (several values, {@code NotIn}, a term without the key, preferred
 * affinity only) pins nothing: the pods may land on any platform, so the configured one is weighed.
 */
final class PlatformPins {
    static final String ARCH = "kubernetes.io/arch";
    static final String OS = "kubernetes.io/os";

    private PlatformPins() {}

    static PlatformPin of(PodSpec spec) {
        Map<String, String> selector = spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector();
        String selectedArch = blankToNull(selector.get(ARCH));
        if (selectedArch != null) {
            return new PlatformPin(blankToNull(selector.get(OS)), selectedArch, "nodeSelector");
        }
        Optional<List<NodeSelectorTerm>> terms = requiredTerms(spec);
        if (terms.isEmpty()) {
            return PlatformPin.UNPINNED;
        }
        Optional<String> arch = single(terms.get(), ARCH);
        return arch.map(a -> new PlatformPin(
                        single(terms.get(), OS)
                                .or(() -> Optional.ofNullable(blankToNull(selector.get(OS))))
                                .orElse(null),
                        a,
                        "required node affinity"))
                .orElse(PlatformPin.UNPINNED);
    }

    private static Optional<List<NodeSelectorTerm>> requiredTerms(PodSpec spec) {
        if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null) {
            return Optional.empty();
        }
        NodeSelector required =
                spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null
                || required.getNodeSelectorTerms() == null
                || required.getNodeSelectorTerms().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(required.getNodeSelectorTerms().stream()
                .filter(Objects::nonNull)
                .toList());
    }

    /** The one value every term (ORed) allows for {@code key} with {@code In}; empty when any term allows more, or none. */
    private static Optional<String> single(List<NodeSelectorTerm> terms, String key) {
        if (terms.isEmpty()) {
            return Optional.empty();
        }
        Set<String> values = new HashSet<>();
        for (NodeSelectorTerm term : terms) {
            // Within a term the expressions are ANDed: the term pins the key when one expression allows one value.
            Set<String> pinned = (term.getMatchExpressions() == null
                            ? List.<NodeSelectorRequirement>of()
                            : term.getMatchExpressions())
                    .stream()
                            .filter(Objects::nonNull)
                            .filter(e -> key.equals(e.getKey())
                                    && "In".equals(e.getOperator())
                                    && e.getValues() != null
                                    && e.getValues().size() == 1
                                    && blankToNull(e.getValues().get(0)) != null)
                            .map(e -> e.getValues().get(0))
                            .collect(Collectors.toSet());
            if (pinned.size() != 1) {
                return Optional.empty();
            }
            values.addAll(pinned);
        }
        return values.size() == 1 ? Optional.of(values.iterator().next()) : Optional.empty();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
