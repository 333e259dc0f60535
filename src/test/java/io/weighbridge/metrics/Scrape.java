package io.weighbridge.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text exposition, parsed into samples, for asserting on what {@code /q/metrics} shows. */
public final class Scrape {
    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    public record Sample(String name, Map<String, String> labels, double value) {}

    private final String text;
    private final List<Sample> samples;

    private Scrape(String text, List<Sample> samples) {
        this.text = text;
        this.samples = samples;
    }

    public static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new Scrape(text, samples);
    }

    public String text() {
        return text;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The sample with exactly these labels, or 0 when there is none (a counter not yet created). */
    public double value(String name, String... labelPairs) {
        Map<String, String> wanted = labels(labelPairs);
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().equals(wanted))
                .mapToDouble(Sample::value)
                .findFirst()
                .orElse(0);
    }

    /** The sum over every sample of the name whose labels include these. */
    public double sum(String name, String... labelPairs) {
        Map<String, String> wanted = labels(labelPairs);
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(wanted.entrySet()))
                .mapToDouble(Sample::value)
                .sum();
    }

    public List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The lines of the exposition that mention the name, for messages and reports. */
    public String lines(String prefix) {
        return String.join("\n", text.lines().filter(l -> l.startsWith(prefix)).toList());
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return new TreeMap<>(map);
    }
}
