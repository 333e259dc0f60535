package io.weighbridge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a server's CPU went while it was measured: a JFR recording's execution samples, as
 * shares of all samples, by the methods on the stack (inclusive: Weighbridge's own) and by the
 * method running (self).
 */
final class Profile {
    private Profile() {}

    /** Starts a recording ({@code settings=profile}: a sample every 10 ms per running thread). */
    static void start(ServerProcess server, Path file) {
        server.jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + file);
    }

    static void stop(ServerProcess server) {
        server.jcmd("JFR.stop", "name=bench");
    }

    static String summary(Path recording, int rows) {
        String printed = Commands.run(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "jfr").toString(),
                        "print",
                        "--events",
                        "jdk.ExecutionSample",
                        "--stack-depth",
                        "96",
                        recording.toString()),
                Duration.ofMinutes(5));
        List<List<String>> samples = stacks(printed);
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        for (List<String> stack : samples) {
            if (!stack.isEmpty()) {
                self.merge(stack.get(0), 1, Integer::sum);
            }
            Set<String> seen = new HashSet<>();
            for (String frame : stack) {
                if (frame.startsWith("io.weighbridge.") && seen.add(frame)) {
                    inclusive.merge(frame, 1, Integer::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(samples.size())
                .append(" execution samples of the webhook under wrk at saturation (Pod review, HTTP)\n\n");
        out.append("Weighbridge methods on the stack (inclusive share of all samples):\n");
        top(inclusive, rows).forEach(e -> out.append(line(e, samples.size())));
        out.append("\nMethods running (self share of all samples):\n");
        top(self, rows).forEach(e -> out.append(line(e, samples.size())));
        return out.toString();
    }

    private static List<List<String>> stacks(String printed) {
        List<List<String>> samples = new ArrayList<>();
        List<String> current = null;
        for (String line : printed.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("stackTrace = [")) {
                current = new ArrayList<>();
            } else if (current != null && trimmed.equals("]")) {
                samples.add(current);
                current = null;
            } else if (current != null && trimmed.contains("(")) {
                current.add(trimmed.substring(0, trimmed.indexOf('(')));
            }
        }
        return samples;
    }

    private static List<Map.Entry<String, Integer>> top(Map<String, Integer> counts, int rows) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(rows)
                .toList();
    }

    private static String line(Map.Entry<String, Integer> entry, int total) {
        return String.format(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * entry.getValue() / total, entry.getKey());
    }
}
