package io.weighbridge.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures {@code bench/fuzz/jazzer} reports, read from libFuzzer's output as Jazzer 0.24 writes it. */
class JazzerLogTest {

    /** The end of a 30 s run of the reference target. */
    private static final List<String> CLEAN = List.of(
            "INFO: seed corpus: files: 256 min: 1b max: 278b total: 8260b rss: 1259Mb",
            "#257\tINITED cov: 207 ft: 369 corp: 44/1478b exec/s: 0 rss: 1289Mb",
            "#65536\tpulse  cov: 227 ft: 507 corp: 108/4071b lim: 305 exec/s: 2340 rss: 1311Mb",
            "#80391\tDONE   cov: 227 ft: 513 corp: 109/3924b lim: 321 exec/s: 2593 rss: 1311Mb",
            "\"io.netty\" # Uses: 94",
            "Done 80391 runs in 31 second(s)",
            "stat::number_of_executed_units: 80391",
            "stat::average_exec_per_sec:     2593",
            "stat::new_units_added:          478");

    @Test
    void aCleanRunGivesItsExecutionsCoverageAndTime() {
        JazzerLog.Row row = JazzerLog.read("reference", Duration.ofSeconds(108), 0, CLEAN);

        assertEquals(80391, row.executions());
        assertEquals(2593, row.executionsPerSecond());
        assertEquals(227, row.coverage());
        assertEquals(513, row.features());
        assertEquals(109, row.corpus());
        assertEquals(Duration.ofSeconds(31), row.fuzzed());
        assertTrue(row.clean());
        assertEquals(
                "reference     0.5 min fuzzed (1.8 in all)       80391 execs   2593/s  cov    227  ft     513"
                        + "  corpus    109  0 crashes",
                row.line());
    }

    @Test
    void aCrashIsCountedWithTheFileJazzerWrote() {
        String file =
                "/w/src/test/resources/demo/DemoFuzzTestInputs/bytes/crash-fd47aa64907a4a85984b2b6d85e0e22a5caa08e0";
        JazzerLog.Row row = JazzerLog.read(
                "review",
                Duration.ofSeconds(7),
                1,
                List.of(
                        "#58\tREDUCE cov: 2 ft: 2 corp: 1/1b lim: 7 exec/s: 0 rss: 1030Mb L: 1/1 MS: 2 EraseBytes-Custom-",
                        "artifact_prefix='/w/src/test/resources/demo/DemoFuzzTestInputs/bytes/'; Test unit written to "
                                + file,
                        "Base64: Q1JBU0hNRUAK",
                        "artifact_prefix='/w/'; Test unit written to /w/slow-unit-fd47aa64907a4a85984b2b6d85e0e22a5caa08e0",
                        "Done 283 runs in 0 second(s)",
                        JazzerLog.FAILED + "[3]: com.code_intelligence.jazzer.junit.FuzzTestFindingException: found"));

        assertFalse(row.clean());
        assertEquals(List.of(file), row.crashFiles());
        assertEquals(283, row.executions());
        String report = JazzerLog.report(List.of(row));
        assertTrue(report.contains("| review | 0.0 | 0.1 | 283 | 283 | 2 | 2 | 1 | 1 |"), report);
        assertTrue(report.contains("review: crash " + file), report);
        assertTrue(report.contains("review: [3]: com.code_intelligence.jazzer.junit.FuzzTestFindingException"), report);
    }

    @Test
    void aTargetThatNeverStartedFuzzingIsNotClean() {
        JazzerLog.Row row = JazzerLog.read("registry", Duration.ofSeconds(3), 1, List.of("Error: Could not find"));

        assertFalse(row.clean());
        assertEquals(0, row.executions());
        assertTrue(JazzerLog.report(List.of(row))
                .contains("registry: exit status 1, see target/fuzz/jazzer-registry.log"));
    }

    @Test
    void theDictionaryQuotesEveryByteLibFuzzerCannotReadAsIs() {
        assertEquals(
                "\"{\"\n\"\\\"a\\\\\"\n\"\\x0A\\x00\"\n\"\\xE2\\x80\\xAE\"\n",
                JazzerRunner.dictionary(List.of("{", "\"a\\", "\n\u0000", "\u202e")));
    }
}
