package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The one deadline of an entry point: what it says is left, what it ends, and what derives from it. */
class DeadlineTest {

    @Test
    void saysHowLongIsLeftAndWhenItHasPassed() throws InterruptedException {
        Deadline deadline = Deadline.in(Duration.ofMillis(200));

        assertTrue(deadline.remainingMillis() <= 200 && deadline.remainingMillis() > 100, deadline.toString());
        assertFalse(deadline.passed());
        Thread.sleep(250);
        assertTrue(deadline.passed());
        assertEquals(Duration.ZERO, deadline.remaining());
    }

    @Test
    void aDerivedDeadlineNeverEndsLaterThanItsParent() {
        Deadline parent = Deadline.in(Duration.ofMillis(500));

        assertTrue(parent.sooner(Duration.ofSeconds(10)).remainingMillis() <= 500);
        assertTrue(parent.sooner(Duration.ofMillis(100)).remainingMillis() <= 100);
        assertTrue(parent.lessBy(Duration.ofMillis(300)).remainingMillis() <= 200);
    }

    @Test
    void cancellingEndsItAndWhatDerivesFromItAndRunsWhatWaitsOnThem() throws InterruptedException {
        Deadline parent = Deadline.in(Duration.ofSeconds(30));
        Deadline child = parent.sooner(Duration.ofSeconds(20));
        CountDownLatch ended = new CountDownLatch(2);
        parent.whenOver(ended::countDown);
        child.whenOver(ended::countDown);

        parent.cancel();

        assertTrue(ended.await(2, TimeUnit.SECONDS), "an action did not run");
        assertTrue(parent.passed() && child.passed());
        assertEquals(Duration.ZERO, child.remaining());
    }

    @Test
    void boundsWorkThatNeverEndsWithTheAnswerForTheEnd() {
        Deadline deadline = Deadline.in(Duration.ofMillis(100));
        CompletableFuture<String> never = new CompletableFuture<>();
        long started = System.nanoTime();

        String answer = deadline.bound(never, () -> "not in time").join();

        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals("not in time", answer);
        assertTrue(tookMillis >= 90 && tookMillis < 2_000, "answered after " + tookMillis + " ms");
        assertFalse(never.isDone(), "the work itself is left alone: others may wait for it");
    }

    @Test
    void workDoneInTimeKeepsItsAnswer() {
        Deadline deadline = Deadline.in(Duration.ofSeconds(5));

        assertEquals(
                "weighed",
                deadline.bound(CompletableFuture.completedFuture("weighed"), () -> "late")
                        .join());
        assertEquals(
                "weighed",
                deadline.failAtEnd(CompletableFuture.completedFuture("weighed"), TimeoutException::new)
                        .join());
    }

    @Test
    void failsWorkThatOverrunsWithTheGivenReason() {
        Deadline deadline = Deadline.in(Duration.ofMillis(50));

        CompletionException failure = assertThrows(
                CompletionException.class,
                () -> deadline.failAtEnd(new CompletableFuture<>(), TimeoutException::new)
                        .join());

        assertInstanceOf(TimeoutException.class, failure.getCause());
    }

    @Test
    void whatWaitsOnItRunsInTheOrderItBeganToWait() {
        // The weigher bounds a weighing with its own reason before the engine bounds it with a generic one:
        // the first to wait answers first, so the user reads the specific reason.
        Deadline deadline = Deadline.in(Duration.ofSeconds(30));
        java.util.List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            deadline.whenOver(() -> order.add(n));
        }

        deadline.cancel();

        assertEquals(java.util.stream.IntStream.range(0, 50).boxed().toList(), order);
    }

    @Test
    void whatWaitsOnAPassedDeadlineRunsAtOnce() throws InterruptedException {
        Deadline passed = Deadline.in(Duration.ZERO);
        CountDownLatch ran = new CountDownLatch(1);

        passed.whenOver(ran::countDown);

        assertTrue(ran.await(2, TimeUnit.SECONDS));
    }
}
