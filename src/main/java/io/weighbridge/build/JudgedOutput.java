package io.weighbridge.build;

import io.weighbridge.image.ImageWeight;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.ImageVerdict;
import java.util.List;
import java.util.Optional;

/**
 * A build output as the policies judged it.
 *
 * @param output the Build and its image
 * @param weight what the image weighs, or {@code null} when it could not be weighed
 * @param verdict {@code allow}, {@code warn} or {@code deny}; {@code error} when it could not be weighed
 * @param rules {@code policy/rule:action} of every finding (dry-run findings as {@code dryrun})
 * @param error why it could not be weighed, or {@code null}
 */
record JudgedOutput(OutputImage output, ImageWeight weight, String verdict, List<String> rules, String error) {
    static final String ERROR = "error";

    JudgedOutput {
        rules = List.copyOf(rules);
    }

    /** Empty when no installed policy judges the image (its namespace or the image is excluded). */
    static Optional<JudgedOutput> of(OutputImage output, Evaluation evaluation) {
        ImageVerdict image = evaluation.images().get(0);
        if (!image.judged()) {
            return Optional.empty();
        }
        if (image.weight() == null) {
            return Optional.of(failed(output, image.error()));
        }
        List<String> rules = image.findings().stream()
                .map(f -> f.policy() + "/" + f.rule() + ":"
                        + (f.dryRun() ? "dryrun" : f.action().id()))
                .distinct()
                .toList();
        return Optional.of(
                new JudgedOutput(output, image.weight(), evaluation.verdict().id(), rules, null));
    }

    static JudgedOutput failed(OutputImage output, String reason) {
        return new JudgedOutput(output, null, ERROR, List.of(), reason);
    }

    boolean weighed() {
        return weight != null;
    }
}
