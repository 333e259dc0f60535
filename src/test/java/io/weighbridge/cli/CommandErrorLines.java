package io.weighbridge.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines a command wrote to stderr, without one kind of noise that is the test harness's own: a
 * {@code @QuarkusMainTest} loads classes through Quarkus's test class loader, which reads them from
 * jars in the local Maven repository through an interruptible channel. When Quarkus stops its
 * thread pools at exit, a pool thread that is loading a class at that moment is interrupted and
 * prints {@code ClosedByInterruptException} from {@code ArchivePathTree} (seen once in CI under
 * load). The packaged jar loads classes through another loader; any other stack trace is kept.
 */
final class CommandErrorLines {
    private CommandErrorLines() {}

    static List<String> of(List<String> stderr) {
        List<String> kept = new ArrayList<>();
        List<String> trace = null;
        for (String line : stderr) {
            if (line.startsWith("Exception in thread \"")) {
                keepUnlessHarnessNoise(trace, kept);
                trace = new ArrayList<>(List.of(line));
            } else if (trace != null && (line.startsWith("\t") || line.startsWith("Caused by: "))) {
                trace.add(line);
            } else {
                keepUnlessHarnessNoise(trace, kept);
                trace = null;
                kept.add(line);
            }
        }
        keepUnlessHarnessNoise(trace, kept);
        return kept;
    }

    private static void keepUnlessHarnessNoise(List<String> trace, List<String> kept) {
        if (trace == null) {
            return;
        }
        boolean interruptedWhileReadingAJar = trace.stream()
                        .anyMatch(line -> line.startsWith("Caused by: java.nio.channels.ClosedByInterruptException"))
                && trace.stream().anyMatch(line -> line.contains("at io.quarkus.paths.ArchivePathTree."));
        if (!interruptedWhileReadingAJar) {
            kept.addAll(trace);
        }
    }
}
