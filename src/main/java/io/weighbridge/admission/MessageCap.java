package io.weighbridge.admission;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Keeps what one admission response tells a person within a count and a size, in order, and
 * says how much it left out: "... and 9,988 more images denied". A Pod may name thousands of
 * images; its answer must still fit what the apiserver passes on and a terminal shows.
 *
 * @param maxEntries the most entries shown before the line that counts the rest
 * @param budget the most the shown entries and that line may cost together
 * @param cost what one entry costs (bytes with its separator, or characters)
 * @param verb what happened to the images left out ({@code denied}, {@code warned about})
 */
record MessageCap(int maxEntries, int budget, ToIntFunction<String> cost, String verb) {
    /** Room kept for the line that counts the rest; the longest such line is under 80 characters. */
    private static final int SUMMARY_RESERVE = 100;

    /**
     * One thing to say.
     *
     * @param subject the image it is about, or {@code null} (a Dockerfile's line)
     * @param text one line
     */
    record Entry(String subject, String text) {}

    /** The entries, distinct by text, that fit; then a line counting the rest when some did not. */
    List<String> apply(List<Entry> entries) {
        List<Entry> distinct = distinctByText(entries);
        int total = distinct.stream()
                .mapToInt(entry -> cost.applyAsInt(entry.text()))
                .sum();
        if (distinct.size() <= maxEntries && total <= budget) {
            return distinct.stream().map(Entry::text).toList();
        }
        List<String> shown = new ArrayList<>();
        Set<String> shownSubjects = new HashSet<>();
        int used = 0;
        int next = 0;
        for (; next < distinct.size() && shown.size() < maxEntries; next++) {
            Entry entry = distinct.get(next);
            int entryCost = cost.applyAsInt(entry.text());
            if (used + entryCost > budget - SUMMARY_RESERVE) {
                break;
            }
            used += entryCost;
            shown.add(entry.text());
            shownSubjects.add(entry.subject());
        }
        shown.add(rest(distinct.subList(next, distinct.size()), shownSubjects));
        return shown;
    }

    private String rest(List<Entry> hidden, Set<String> shownSubjects) {
        Set<String> newSubjects = new LinkedHashSet<>();
        for (Entry entry : hidden) {
            if (entry.subject() != null && !shownSubjects.contains(entry.subject())) {
                newSubjects.add(entry.subject());
            }
        }
        String images = count(newSubjects.size(), "more image", "more images") + " " + verb;
        if (newSubjects.size() == hidden.size()) {
            return "... and " + images;
        }
        String reasons = "... and " + count(hidden.size(), "more reason", "more reasons");
        return newSubjects.isEmpty() ? reasons : reasons + " (" + images + ")";
    }

    private static String count(int n, String one, String many) {
        return String.format(Locale.ROOT, "%,d", n) + " " + (n == 1 ? one : many);
    }

    private static List<Entry> distinctByText(List<Entry> entries) {
        Set<String> seen = new HashSet<>();
        List<Entry> distinct = new ArrayList<>();
        for (Entry entry : entries) {
            if (seen.add(entry.text())) {
                distinct.add(entry);
            }
        }
        return distinct;
    }
}
