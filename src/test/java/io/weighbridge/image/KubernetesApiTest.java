package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * The fabric8 client is built beside the start, on a thread of its own, and only when fabric8's
 * configuration names a server; readiness waits for it, and nobody sees it half built.
 */
class KubernetesApiTest {
    private static final Config SERVER = new ConfigBuilder(Config.empty())
            .withMasterUrl("https://127.0.0.1:6443")
            .build();

    @Test
    void theClientIsBuiltOnAThreadOfItsOwnAndReadinessWaitsForIt() throws InterruptedException {
        CountDownLatch buildMayFinish = new CountDownLatch(1);
        AtomicReference<String> builtOn = new AtomicReference<>();
        KubernetesApi api = new KubernetesApi(() -> Optional.of(SERVER), () -> {
            builtOn.set(Thread.currentThread().getName());
            await(buildMayFinish);
            return Optional.of(new KubernetesClientBuilder().withConfig(SERVER).build());
        });
        KubernetesApiReadinessCheck check = new KubernetesApiReadinessCheck(api);

        api.onStart(null);
        HealthCheckResponse building = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, building.getStatus());
        assertEquals("building the client", building.getData().orElseThrow().get("state"));
        assertFalse(api.built().isDone(), "nobody is handed the client before it is built");

        buildMayFinish.countDown();
        try (KubernetesClient client = api.client().orElseThrow()) {
            assertEquals("https://127.0.0.1:6443/", client.getConfiguration().getMasterUrl());
            assertEquals("weighbridge-kubernetes-client", builtOn.get());
            assertNotEquals(Thread.currentThread().getName(), builtOn.get());
            HealthCheckResponse built = check.call();
            assertEquals(HealthCheckResponse.Status.UP, built.getStatus());
            assertEquals(
                    "https://127.0.0.1:6443/", built.getData().orElseThrow().get("server"));
        }
    }

    @Test
    void withoutAServerInTheConfigurationNoClientIsBuiltAtAll() {
        assumeTrue(System.getenv(Config.KUBERNETES_SERVICE_HOST_PROPERTY) == null, "not in a pod");
        Config guessed = new ConfigBuilder(Config.empty())
                .withMasterUrl(Config.DEFAULT_MASTER_URL)
                .build();
        KubernetesApi api = new KubernetesApi(() -> Optional.of(guessed), () -> {
            fail("the client was built although no API server is configured");
            return Optional.empty();
        });

        assertTrue(api.client().isEmpty());
        HealthCheckResponse ready = new KubernetesApiReadinessCheck(api).call();
        assertEquals(HealthCheckResponse.Status.UP, ready.getStatus());
        assertEquals(
                "none configured: pull secrets are not read",
                ready.getData().orElseThrow().get("server"));
    }

    @Test
    void aConfiguredServerWhoseClientCannotBeBuiltIsNotReadyAndSaysWhy() {
        KubernetesApi api = new KubernetesApi(() -> Optional.of(SERVER), () -> {
            throw new IllegalStateException("no kubeconfig");
        });

        assertTrue(api.client().isEmpty(), "no client, and no wait forever");
        HealthCheckResponse ready = new KubernetesApiReadinessCheck(api).call();
        assertEquals(HealthCheckResponse.Status.DOWN, ready.getStatus(), "not taken for a pod without a cluster");
        assertEquals(
                "the Kubernetes client for the configured API server could not be built (IllegalStateException):"
                        + " pull secrets are not read",
                ready.getData().orElseThrow().get("state"));
    }

    @Test
    void anErrorInTheBuildStillEndsTheWaitAndKeepsThePodUnready() {
        KubernetesApi api = new KubernetesApi(() -> Optional.of(SERVER), () -> {
            throw new NoClassDefFoundError("io/fabric8/Missing");
        });

        assertTrue(api.built().orTimeout(30, TimeUnit.SECONDS).join().isEmpty());
        assertEquals(
                HealthCheckResponse.Status.DOWN,
                new KubernetesApiReadinessCheck(api).call().getStatus());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
