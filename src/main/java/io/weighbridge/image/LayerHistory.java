package io.weighbridge.image;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Pairs layers with the history lines that made them, and makes those lines readable. */
final class LayerHistory {
    static final int MAX_CREATED_BY = 500;
    private static final Pattern NOP = Pattern.compile("^/bin/sh -c #\\(nop\\)\\s*");
    private static final Pattern SHELL = Pattern.compile("^(?:\\|\\d+ (?:\\S+=\\S* )*)?/bin/(?:ba)?sh -c ");
    private static final Pattern BUILDKIT_SUFFIX = Pattern.compile("\\s*# buildkit$");
    private static final Pattern BUILDKIT_RUN_SHELL =
            Pattern.compile("^RUN (?:\\|\\d+ (?:\\S+=\\S* )*)?/bin/(?:ba)?sh -c ");

    private LayerHistory() {}

    /**
     * Layers bottom first, each with the {@code created_by} of the n-th history entry that is not
     * an {@code empty_layer}. When the history does not count as many layer-making entries as
     * there are layers, no pairing can be trusted and every line stays {@code null}.
     */
    static List<Layer> align(List<Descriptor> layers, List<ImageConfig.HistoryEntry> history) {
        List<ImageConfig.HistoryEntry> layerMaking =
                history.stream().filter(h -> !h.emptyLayer()).toList();
        boolean aligned = layerMaking.size() == layers.size();
        List<Layer> result = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            Descriptor d = layers.get(i);
            String createdBy = aligned ? readable(layerMaking.get(i).createdBy()) : null;
            result.add(SharedValues.layer(d.digest(), d.size(), d.mediaType(), createdBy));
        }
        return result;
    }

    /**
     * {@code /bin/sh -c #(nop) COPY file:… in /} becomes {@code COPY file:… in /};
     * {@code /bin/sh -c apk add …} becomes {@code RUN apk add …}; buildkit's
     * {@code RUN /bin/sh -c … # buildkit} becomes {@code RUN …}.
     */
    static String readable(String createdBy) {
        if (createdBy == null || createdBy.isBlank()) {
            return null;
        }
        String line = BUILDKIT_SUFFIX.matcher(createdBy.strip()).replaceFirst("");
        if (NOP.matcher(line).find()) {
            line = NOP.matcher(line).replaceFirst("");
        } else if (BUILDKIT_RUN_SHELL.matcher(line).find()) {
            line = "RUN " + BUILDKIT_RUN_SHELL.matcher(line).replaceFirst("");
        } else if (SHELL.matcher(line).find()) {
            line = "RUN " + SHELL.matcher(line).replaceFirst("");
        }
        return OneLine.cap(line, MAX_CREATED_BY);
    }
}
