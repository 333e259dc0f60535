package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pull secrets and service accounts read through fabric8's mock API server in expectations mode,
 * where a path can be made to answer late or not at all: an API server that does not answer costs
 * a namespace one bounded wait, not every admission.
 */
@EnableKubernetesMockClient(crud = false)
class PullSecretRefreshTest {
    private static final Duration ADMISSION = Duration.ofSeconds(2);
    private static final String REGISTRY = "registry.test";
    private static final String PULL_SECRET = "pull-secret:team/regcred@7:" + REGISTRY;

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final ThreadPoolExecutor readers = new ThreadPoolExecutor(
            2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), Threads.daemons("test-pull-secrets"));
    private final CredentialSource authFile = (registry, repository, context) ->
            Optional.of(new Credential("auth-file:" + registry, "file-user", "file-password"));

    @AfterEach
    void stop() {
        readers.shutdownNow();
    }

    /**
     * The quoted case: the API server does not answer for a new namespace. Before, every admission
     * there waited half its deadline for the same unanswered read (3.9 s of an 8 s deadline, for as
     * long as the read hung); now the first one waits, bounded, and the others go on at once.
     */
    @Test
    void anApiServerThatDoesNotAnswerCostsANewNamespaceOneBoundedWaitNotOnePerAdmission() {
        server.expect()
                .get()
                .delay(60, TimeUnit.SECONDS)
                .withPath("/api/v1/namespaces/quiet/serviceaccounts/default")
                .andReturn(200, "{}")
                .always();
        PullSecretCredentials credentials =
                new PullSecretCredentials(Optional.of(new PullSecretStore(client, readers)), authFile);

        List<Long> waits = new ArrayList<>();
        long started = System.nanoTime();
        CredentialSource first = credentials
                .credentialsFor(new WeighingContext(Deadline.in(ADMISSION), "quiet"))
                .join();
        waits.add((System.nanoTime() - started) / 1_000_000);
        assertEquals("auth-file:" + REGISTRY, identityFor(first));

        List<CompletableFuture<CredentialSource>> later = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long at = System.nanoTime();
            CompletableFuture<CredentialSource> admission =
                    credentials.credentialsFor(new WeighingContext(Deadline.in(ADMISSION), "quiet"));
            boolean answeredAtOnce = admission.isDone();
            assertEquals("auth-file:" + REGISTRY, identityFor(admission.join()));
            waits.add((System.nanoTime() - at) / 1_000_000);
            later.add(admission);
            assertTrue(
                    answeredAtOnce,
                    "admission " + (i + 2)
                            + " in the namespace waited for the read the first one gave up on; waits so far (ms): "
                            + waits);
        }
        System.out.printf("API server not answering: waits of 5 admissions in a new namespace (ms): %s%n", waits);
    }

    /**
     * A value read 30 s ago is served as it is while the API server is asked again in the
     * background: the admission that finds it old does not wait, even when the API server no
     * longer answers.
     */
    @Test
    void anOldValueIsServedAtOnceWhileItIsReadAgainInTheBackground() throws Exception {
        serve("team", List.of(serviceAccountWith("team", "regcred"), secret("team", "regcred")));
        AtomicLong now = new AtomicLong();
        PullSecretCredentials credentials =
                new PullSecretCredentials(Optional.of(new PullSecretStore(client, readers, now::get)), authFile);

        // The first read is waited for at most half the admission's time; on a busy machine its answer may come after.
        awaitIdentity(credentials, "team", PULL_SECRET);
        int asked = server.getRequestCount();
        server.expect()
                .get()
                .delay(60, TimeUnit.SECONDS)
                .withPath("/api/v1/namespaces/team/serviceaccounts/default")
                .andReturn(200, serviceAccountWith("team", "regcred"))
                .always();

        now.addAndGet(PullSecretStore.REFRESH_AFTER.plusSeconds(1).toNanos());
        CompletableFuture<CredentialSource> refreshing = credentials.credentialsFor(admission("team"));
        assertTrue(refreshing.isDone(), "the admission that found the value old did not wait for its refresh");
        assertEquals(PULL_SECRET, identityFor(refreshing.join()));
        awaitRequests(asked + 1);
        CompletableFuture<CredentialSource> meanwhile = credentials.credentialsFor(admission("team"));
        assertTrue(meanwhile.isDone(), "nor does one while the refresh hangs");
        assertEquals(PULL_SECRET, identityFor(meanwhile.join()));
    }

    /** An answer that comes after the first admission gave up on it serves the next admissions, without a wait. */
    @Test
    void aLateAnswerServesTheNextAdmissions() throws Exception {
        server.expect()
                .get()
                .delay(1_500, TimeUnit.MILLISECONDS)
                .withPath("/api/v1/namespaces/late/serviceaccounts/default")
                .andReturn(200, serviceAccountWith("late", "regcred"))
                .always();
        serve("late", List.of(secret("late", "regcred")));
        PullSecretCredentials credentials =
                new PullSecretCredentials(Optional.of(new PullSecretStore(client, readers)), authFile);

        long started = System.nanoTime();
        assertEquals(
                "auth-file:" + REGISTRY,
                identityFor(credentials.credentialsFor(admission("late", 2)).join()));
        long waited = (System.nanoTime() - started) / 1_000_000;
        // It gave up at half its 2 s, before the answer (1.5 s).

        // Until the late answer names the secret, admissions go on with the auth file; then its secret is read once.
        awaitIdentity(credentials, "late", "pull-secret:late/regcred@7:" + REGISTRY);
        CompletableFuture<CredentialSource> next = credentials.credentialsFor(admission("late", 8));
        assertTrue(next.isDone(), "the late answer is served without a wait");
        assertEquals("pull-secret:late/regcred@7:" + REGISTRY, identityFor(next.join()));
        System.out.printf("a late API server: the first admission waited %d ms, the later ones none%n", waited);
    }

    private static void serve(String namespace, List<HasMetadata> objects) {
        for (HasMetadata object : objects) {
            String plural = object instanceof Secret ? "secrets" : "serviceaccounts";
            server.expect()
                    .get()
                    .withPath("/api/v1/namespaces/" + namespace + "/" + plural + "/"
                            + object.getMetadata().getName())
                    .andReturn(200, object)
                    .once();
        }
    }

    private static ServiceAccount serviceAccountWith(String namespace, String secret) {
        return new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("default")
                .withNamespace(namespace)
                .endMetadata()
                .addNewImagePullSecret(secret)
                .build();
    }

    private static Secret secret(String namespace, String name) {
        String auth = Base64.getEncoder().encodeToString("user:secret-password".getBytes(StandardCharsets.UTF_8));
        String json = "{\"auths\":{\"" + REGISTRY + "\":{\"auth\":\"" + auth + "\"}}}";
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withResourceVersion("7")
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(
                        ".dockerconfigjson", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    private static WeighingContext admission(String namespace) {
        return admission(namespace, ADMISSION.toSeconds());
    }

    private static WeighingContext admission(String namespace, long seconds) {
        return new WeighingContext(Deadline.in(Duration.ofSeconds(seconds)), namespace);
    }

    /** Admits in {@code namespace} until its pull secret is the one found: waits for an answer, not a duration. */
    private static void awaitIdentity(PullSecretCredentials credentials, String namespace, String identity)
            throws InterruptedException {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!identityFor(credentials.credentialsFor(admission(namespace, 8)).join())
                        .equals(identity)
                && System.nanoTime() < giveUpAt) {
            Thread.sleep(10);
        }
        assertEquals(
                identity,
                identityFor(credentials.credentialsFor(admission(namespace, 8)).join()));
    }

    /** Waits for a request the background refresh sends: an event, not a duration. */
    private static void awaitRequests(int count) throws InterruptedException {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.getRequestCount() < count && System.nanoTime() < giveUpAt) {
            Thread.sleep(10);
        }
        assertTrue(server.getRequestCount() >= count, "the API server was asked again in the background");
    }

    private static String identityFor(CredentialSource source) {
        return source.find(REGISTRY, "team/app", new WeighingContext(Deadline.in(ADMISSION), "quiet"))
                .map(Credential::identity)
                .orElse("none");
    }
}
