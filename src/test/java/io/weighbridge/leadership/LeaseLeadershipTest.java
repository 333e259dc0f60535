package io.weighbridge.leadership;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stopping takes part in no slow conversation: a webhook that leads, or waits to lead, stops at
 * once even when the API server hangs (issue 10 item 10 and issue 12: idle stops took 15–21 s,
 * blocked in fabric8's {@code LeaderElector.stopLeading}).
 */
class LeaseLeadershipTest {
    private static final LeaseLeadership.Timings FAST = new LeaseLeadership.Timings(
            Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(1));
    /** Far longer than any stop may take; a close that waited for the request would exceed it many times over. */
    private static final Duration HANG = Duration.ofSeconds(20);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A fake for a fault a real API server does not produce on purpose: it accepts and never answers. */
    @Test
    void closeDoesNotWaitForARequestTheApiServerNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket held = silent.accept();
                        accepted.incrementAndGet();
                        held.setKeepAlive(true);
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Config config = new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + silent.getLocalPort())
                    .withRequestTimeout(600_000)
                    .withConnectionTimeout(600_000)
                    .build();
            try (KubernetesClient client =
                    new KubernetesClientBuilder().withConfig(config).build()) {
                LeaseLeadership leadership = new LeaseLeadership(
                        client, "weighbridge", "stalled", "replica-a", "the audit", FAST, scheduler);
                leadership.start(() -> {}, () -> {});
                Instant until = Instant.now().plusSeconds(30);
                while (accepted.get() == 0 && Instant.now().isBefore(until)) {
                    Thread.sleep(50);
                }
                assertTrue(accepted.get() > 0, "the elector's first request is in flight");

                assertTimeoutPreemptively(HANG, leadership::close);
            }
        }
    }

    @Test
    void anElectionThatCannotStartIsTriedAgainRatherThanLost() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Config config = new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build();
        try (KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build()) {
            LeaseLeadership leadership = new LeaseLeadership(
                    client,
                    () -> {
                        attempts.incrementAndGet();
                        throw new IllegalStateException("cannot read the pod's namespace");
                    },
                    "weighbridge-test",
                    "replica-a",
                    "the test",
                    FAST,
                    scheduler);

            scheduler.submit(() -> leadership.start(() -> {}, () -> {})).get();
            Instant until = Instant.now().plus(Duration.ofSeconds(30));
            while (attempts.get() < 2 && Instant.now().isBefore(until)) {
                Thread.sleep(50);
            }
            leadership.close();
            assertTrue(attempts.get() >= 2, "started " + attempts.get() + " time(s): a failed start must be retried");
        }
    }
}
