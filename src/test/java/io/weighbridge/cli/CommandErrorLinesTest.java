package io.weighbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandErrorLinesTest {
    private static final String REFUSAL = "error: no policies in force: /x/no-such-policies does not exist";

    /** The trace CI printed after the refusal (NoPoliciesIT, 2026-12-06), shortened. */
    private static final List<String> HARNESS_TRACE = List.of(
            "Exception in thread \"vert.x-internal-blocking-1\" java.io.UncheckedIOException: Failed to read"
                    + " /root/.m2/repository/org/jboss/threads/jboss-threads/3.9.2/jboss-threads-3.9.2.jar",
            "\tat io.quarkus.paths.ArchivePathTree.apply(ArchivePathTree.java:166)",
            "\tat io.quarkus.bootstrap.classloading.QuarkusClassLoader.loadClass(QuarkusClassLoader.java:565)",
            "\tat java.base/java.lang.Thread.run(Thread.java:840)",
            "Caused by: java.io.IOException: Failed to create a new filesystem for /root/.m2/repository/x.jar",
            "\tat io.quarkus.fs.util.ZipUtils.newFileSystem(ZipUtils.java:244)",
            "\t... 14 more",
            "Caused by: java.nio.channels.ClosedByInterruptException",
            "\tat java.base/sun.nio.ch.FileChannelImpl.read(FileChannelImpl.java:824)",
            "\t... 17 more");

    @Test
    void dropsTheTraceOfAPoolThreadInterruptedWhileTheTestClassLoaderReadsAJar() {
        List<String> stderr = new ArrayList<>(List.of(REFUSAL));
        stderr.addAll(HARNESS_TRACE);

        assertEquals(List.of(REFUSAL), CommandErrorLines.of(stderr));
    }

    @Test
    void keepsEveryOtherTraceAndTheLinesAfterIt() {
        List<String> stderr = List.of(
                REFUSAL,
                "Exception in thread \"main\" java.lang.IllegalStateException: boom",
                "\tat io.weighbridge.cli.CheckCommand.call(CheckCommand.java:1)",
                "Caused by: java.nio.channels.ClosedByInterruptException",
                "second line");

        assertEquals(stderr, CommandErrorLines.of(stderr));
    }
}
