package io.weighbridge.policy;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?" for misspelt field names and values. */
final class Suggestions {
    private static final int MAX_DISTANCE = 2;

    private Suggestions() {}

    /** The closest candidate within a small edit distance (case is ignored), if any. */
    static Optional<String> closest(String written, Collection<String> candidates) {
        String lower = written.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        boolean closeEnough = bestDistance <= Math.min(MAX_DISTANCE, Math.max(1, written.length() / 3));
        if (closeEnough) {
            return Optional.of(best);
        }
        return candidates.stream()
                .filter(c -> lower.length() >= 3
                        && (lower.startsWith(c.toLowerCase(Locale.ROOT))
                                || c.toLowerCase(Locale.ROOT).startsWith(lower)))
                .findFirst();
    }

    /** {@code "; did you mean x?"}, or nothing. */
    static String didYouMean(String written, Collection<String> candidates) {
        return closest(written, candidates)
                .map(c -> "; did you mean " + c + "?")
                .orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
