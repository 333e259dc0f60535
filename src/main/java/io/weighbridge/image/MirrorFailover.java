package io.weighbridge.image;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Tries the mirrors and the source (or where registries.conf moves it) in order; one the rules
 * refuse (NeverContactSource, blocked) is not contacted. Each is a registry of its own: the
 * address guard and the credentials of its host apply, and its failures are cached under its own
 * name. The answer keeps the user's reference and names the place that gave it; a failure lists
 * why each place failed.
 */
final class MirrorFailover {
    private MirrorFailover() {}

    static CompletableFuture<ImageWeight> weigh(
            ImageReference reference,
            List<MirrorRules.Candidate> candidates,
            WeighingContext context,
            BiFunction<ImageReference, WeighingContext, CompletableFuture<ImageWeight>> weighAt) {
        return next(reference, candidates, 0, context, weighAt, new ArrayList<>());
    }

    private static CompletableFuture<ImageWeight> next(
            ImageReference reference,
            List<MirrorRules.Candidate> candidates,
            int index,
            WeighingContext context,
            BiFunction<ImageReference, WeighingContext, CompletableFuture<ImageWeight>> weighAt,
            List<String> reasons) {
        MirrorRules.Candidate candidate = candidates.get(index);
        CompletableFuture<ImageWeight> attempt = candidate.refusal() != null
                ? CompletableFuture.failedFuture(new WeighingException(candidate.refusal()))
                : weighAt.apply(candidate.reference(), context);
        return attempt.handle((weight, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(
                                candidate.elsewhere()
                                        ? weight.fromMirror(
                                                reference, candidate.reference().name())
                                        : weight);
                    }
                    String message = String.valueOf(Futures.cause(failure).getMessage());
                    String prefix = "cannot weigh " + candidate.reference() + ": ";
                    String why = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
                    reasons.add(candidate.label() + ": " + why);
                    if (index + 1 >= candidates.size() || context.deadline().passed()) {
                        return CompletableFuture.<ImageWeight>failedFuture(new WeighingException(
                                OneLine.of("cannot weigh " + reference + ": " + String.join("; ", reasons))));
                    }
                    return next(reference, candidates, index + 1, context, weighAt, reasons);
                })
                .thenCompose(f -> f);
    }
}
