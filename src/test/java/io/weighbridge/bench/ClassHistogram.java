package io.weighbridge.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A heap's live objects per class, as {@code jcmd <pid> GC.class_histogram} prints them (after a full
 * collection): what two histograms differ by tells which classes a mass of cached images is made of.
 */
record ClassHistogram(Map<String, Bytes> classes) {
    /** {@code   12:     20000     640000  io.weighbridge.image.Layer (app)}, the module part dropped. */
    private static final Pattern ROW =
            Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$", Pattern.MULTILINE);

    record Bytes(long instances, long bytes) {}

    static ClassHistogram parse(String jcmdOutput) {
        Map<String, Bytes> classes = new HashMap<>();
        Matcher row = ROW.matcher(jcmdOutput);
        while (row.find()) {
            classes.merge(
                    row.group(3),
                    new Bytes(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
                    (a, b) -> new Bytes(a.instances + b.instances, a.bytes + b.bytes));
        }
        return new ClassHistogram(classes);
    }

    /**
     * The classes that grew from {@code before} to this one, most bytes first, each as instances and
     * bytes per one of {@code images}; {@code top} rows and the sum of every class.
     */
    String growthPer(ClassHistogram before, double images, int top) {
        Map<String, Bytes> growth = new HashMap<>();
        classes.forEach((name, now) -> {
            Bytes then = before.classes.getOrDefault(name, new Bytes(0, 0));
            growth.put(name, new Bytes(now.instances - then.instances, now.bytes - then.bytes));
        });
        before.classes.forEach((name, then) -> growth.putIfAbsent(name, new Bytes(-then.instances, -then.bytes)));
        long total = growth.values().stream().mapToLong(Bytes::bytes).sum();
        String rows = growth.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().bytes, a.getValue().bytes))
                .limit(top)
                .map(entry -> String.format(
                        "%10.1f B %8.2f objects  %s",
                        entry.getValue().bytes / images, entry.getValue().instances / images, entry.getKey()))
                .collect(Collectors.joining("\n"));
        return String.format(
                "per cached image (%.0f images): %.1f B in all classes%n%s%n", images, total / images, rows);
    }
}
