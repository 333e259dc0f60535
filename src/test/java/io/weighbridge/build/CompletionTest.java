package io.weighbridge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.openshift.api.model.Build;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CompletionTest {

    record Change(String before, String after, boolean news) {
        @Override
        public String toString() {
            return before + " -> " + after;
        }
    }

    static Stream<Change> changes() {
        return Stream.of(
                new Change("running.yaml", "complete-imagestreamtag.yaml", true),
                new Change("complete-imagestreamtag.yaml", "complete-imagestreamtag.yaml", false), // a resync
                new Change("running.yaml", "failed.yaml", false),
                new Change("running.yaml", "cancelled.yaml", false),
                new Change("running.yaml", "running.yaml", false),
                new Change(
                        "failed.yaml",
                        "complete-imagestreamtag.yaml",
                        true)); // same object, unlikely; the phase decides
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void onlyTheUpdateIntoCompleteIsNews(Change change) {
        assertEquals(
                change.news(),
                Completion.completedBetween(BuildFiles.read(change.before()), BuildFiles.read(change.after())));
    }

    record Found(String file, Instant now, boolean news) {
        @Override
        public String toString() {
            return file + " at " + now;
        }
    }

    /** complete-imagestreamtag.yaml completed at 09:23:41Z. */
    static Stream<Found> found() {
        return Stream.of(
                new Found("complete-imagestreamtag.yaml", Instant.parse("2025-03-14T09:30:00Z"), true),
                new Found("complete-imagestreamtag.yaml", Instant.parse("2025-03-14T09:33:41Z"), true),
                new Found("complete-imagestreamtag.yaml", Instant.parse("2025-03-14T09:33:42Z"), false),
                new Found("complete-imagestreamtag.yaml", Instant.parse("2025-03-15T00:00:00Z"), false),
                new Found("failed.yaml", Instant.parse("2025-03-14T09:23:00Z"), false),
                new Found("running.yaml", Instant.parse("2025-03-14T09:22:00Z"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("found")
    void aCompleteBuildFoundAtStartIsNewsOnlyWithinTheCatchUp(Found found) {
        assertEquals(
                found.news(),
                Completion.completedWithin(BuildFiles.read(found.file()), Duration.ofMinutes(10), found.now()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("found")
    void aCompleteBuildWithoutACompletionTimeIsNeverNewsWhenFound(Found found) {
        Build build = BuildFiles.read(found.file());
        build.getStatus().setCompletionTimestamp(null);
        assertEquals(false, Completion.completedWithin(build, Duration.ofMinutes(10), found.now()));
    }
}
