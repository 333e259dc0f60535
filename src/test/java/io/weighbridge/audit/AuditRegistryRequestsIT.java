package io.weighbridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vertx.core.Vertx;
import io.weighbridge.audit.AuditReport.AuditImage;
import io.weighbridge.image.CredentialSource;
import io.weighbridge.image.RegistryImageWeigher;
import io.weighbridge.image.TestRegistryConfig;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.PushedImage;
import io.weighbridge.testing.RecordingProxy;
import io.weighbridge.workload.WorkloadKinds;
import io.weighbridge.workload.WorkloadReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an audit costs the registry, counted on the wire by a {@link RecordingProxy} in front of
 * the real test registry: five workloads (fabric8's mock server, CRUD) share two images, judged
 * by the real engine and weigher under the test policies.
 */
@EnableKubernetesMockClient(crud = true)
class AuditRegistryRequestsIT {
    private static final Duration IMAGE_DEADLINE = Duration.ofSeconds(30);
    private static final long SECOND = 1_000_000_000L;

    static KubernetesClient client;

    private static final Fixtures fixtures = Fixtures.get();
    private static PolicySet policies;
    private static Vertx vertx;
    private static RecordingProxy proxy;
    /** A new one for each test: its cache starts cold. */
    private RegistryImageWeigher weigher;

    @BeforeAll
    static void start() throws Exception {
        policies = PolicyLoader.load(Path.of("src/test/resources/e2e/policies"));
        vertx = Vertx.vertx();
        proxy = RecordingProxy.in(vertx, fixtures.plainRegistry());
        createWorkloads();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void coldWeigher() {
        weigher = RegistryImageWeigher.builder(vertx, TestRegistryConfig.forLocal(proxy.hostPort()))
                .credentials(CredentialSource.NONE)
                .build();
    }

    @AfterEach
    void closeWeigher() {
        weigher.close();
    }

    @Test
    void aColdAuditWeighsEachDistinctImageOnceAndAWarmOneAsksTheRegistryNothing() throws Exception {
        List<TokenBucket> passes = new ArrayList<>();
        ClusterAudit audit = audit(() -> {
            TokenBucket bucket = new TokenBucket(1000);
            passes.add(bucket);
            return bucket;
        });

        int before = proxy.requests().size();
        AuditReport cold = audit.run(null, null);
        List<String> coldRequests = requestsSince(before);

        assertEquals(5, cold.workloads());
        assertEquals(
                List.of(big(), small()),
                cold.images().stream().map(AuditImage::image).toList());
        assertEquals(fixtures.big().sizeBytes(), cold.images().get(0).sizeBytes());
        assertEquals(fixtures.small().sizeBytes(), cold.images().get(1).sizeBytes());
        List<String> expected = new ArrayList<>(coldWeighing(fixtures.big()));
        expected.addAll(coldWeighing(fixtures.small()));
        assertEquals(sorted(expected), sorted(coldRequests), "each image weighed once, in 4 requests");
        assertEquals(8, coldRequests.size());
        assertEquals(coldRequests.size(), passes.get(0).granted(), "every registry request took a permit of the pass");

        int afterCold = proxy.requests().size();
        AuditReport warm = audit.run(null, null);

        assertEquals(List.of(), requestsSince(afterCold), "the second pass is answered from the cache");
        assertEquals(0, passes.get(1).granted());
        assertEquals(cold.images(), warm.images());
        System.out.printf(
                "audit of 5 workloads sharing 2 images: cold pass %d registry requests %s; warm pass 0%n",
                coldRequests.size(), coldRequests);
    }

    /**
     * One request per second and a clock that moves only when the test says: each request beyond
     * the first waits for a timer the test fires, so the registry sees exactly the permits given.
     */
    @Test
    void theAuditSendsNoRegistryRequestBeforeTheRateLimitGivesItsPermit() throws Exception {
        AtomicLong now = new AtomicLong();
        LinkedBlockingQueue<Delayed> dueLater = new LinkedBlockingQueue<>();
        TokenBucket oneASecond = new TokenBucket(1, now::get, (nanos, task) -> dueLater.add(new Delayed(nanos, task)));
        ClusterAudit audit = audit(() -> oneASecond);

        CompletableFuture<AuditReport> pass = CompletableFuture.supplyAsync(() -> {
            try {
                return audit.run(null, null);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        int before = proxy.requests().size();
        int heldBack = 0;
        while (!pass.isDone()) {
            Delayed due = dueLater.poll(100, TimeUnit.MILLISECONDS);
            if (due == null) {
                continue;
            }
            heldBack++;
            assertTrue(Math.abs(due.nanos() - SECOND) <= 1, "the next permit is due a second after the last: " + due);
            assertEquals(
                    oneASecond.granted() - 1,
                    requestsSince(before).size(),
                    "every granted permit but the one held back reached the registry: " + requestsSince(before));
            assertTrue(dueLater.isEmpty(), "one image in flight, its requests one after another");
            now.addAndGet(SECOND);
            due.task().run();
        }

        AuditReport report = pass.get(IMAGE_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(report);
        assertFalse(report.images().isEmpty());
        assertTrue(report.images().stream().allMatch(AuditImage::weighed), report.toString());
        assertEquals(8, requestsSince(before).size());
        assertEquals(8, oneASecond.granted());
        assertEquals(7, heldBack, "all but the first request waited for its permit");
    }

    private record Delayed(long nanos, Runnable task) {}

    private ClusterAudit audit(java.util.function.Supplier<TokenBucket> paceOfAPass) {
        return new ClusterAudit(
                client,
                new WorkloadReader(WorkloadKinds.builtIn()),
                new DefaultPolicyEngine(weigher, () -> policies),
                new TestAuditConfig(250, 1, IMAGE_DEADLINE),
                paceOfAPass);
    }

    /** What weighing an image costs when nothing is cached: tag, manifest, config, and the bottom layer for its base. */
    private List<String> coldWeighing(PushedImage image) throws Exception {
        String repository = image.reference().repository();
        JsonNode manifest = new ObjectMapper()
                .readTree(fixtures.plainRegistry()
                        .api()
                        .manifest(repository, image.digest())
                        .body());
        String prefix = "/v2/" + repository;
        return List.of(
                "HEAD " + prefix + "/manifests/" + image.reference().tag(),
                "GET " + prefix + "/manifests/" + image.digest(),
                "GET " + prefix + "/blobs/"
                        + manifest.path("config").path("digest").asText(),
                "GET " + prefix + "/blobs/"
                        + manifest.path("layers").path(0).path("digest").asText());
    }

    private static List<String> requestsSince(int count) {
        List<String> all = proxy.requests();
        return all.subList(count, all.size());
    }

    private static String big() {
        return proxy.reference("app/big:1.0").toString();
    }

    private static String small() {
        return proxy.reference("app/small:1.0").toString();
    }

    /**
     * shop: Deployment storefront (big) with its ReplicaSet and Pod, StatefulSet db (small);
     * batch: Pod debug (small); relaxed: Deployment preview (big); ml-training: CronJob nightly
     * (small). 5 workloads, 2 distinct images, judged in 5 namespace and kind pairs.
     */
    private static void createWorkloads() {
        for (String namespace : List.of("shop", "batch", "relaxed", "ml-training")) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(namespace)
                            .endMetadata()
                            .build())
                    .create();
        }
        HasMetadata storefront = client.resource(new DeploymentBuilder()
                        .withMetadata(meta("shop", "storefront", null))
                        .withNewSpec()
                        .withTemplate(template(container("web", big())))
                        .endSpec()
                        .build())
                .create();
        HasMetadata replicas = client.resource(new ReplicaSetBuilder()
                        .withMetadata(meta("shop", "storefront-1", storefront))
                        .withNewSpec()
                        .withTemplate(template(container("web", big())))
                        .endSpec()
                        .build())
                .create();
        client.resource(new PodBuilder()
                        .withMetadata(meta("shop", "storefront-1-a", replicas))
                        .withSpec(spec(container("web", big())))
                        .build())
                .create();
        client.resource(new StatefulSetBuilder()
                        .withMetadata(meta("shop", "db", null))
                        .withNewSpec()
                        .withTemplate(template(container("db", small())))
                        .endSpec()
                        .build())
                .create();
        client.resource(new PodBuilder()
                        .withMetadata(meta("batch", "debug", null))
                        .withSpec(spec(container("shell", small())))
                        .build())
                .create();
        client.resource(new DeploymentBuilder()
                        .withMetadata(meta("relaxed", "preview", null))
                        .withNewSpec()
                        .withTemplate(template(container("web", big())))
                        .endSpec()
                        .build())
                .create();
        client.resource(new CronJobBuilder()
                        .withMetadata(meta("ml-training", "nightly", null))
                        .withNewSpec()
                        .withSchedule("0 3 * * *")
                        .withNewJobTemplate()
                        .withNewSpec()
                        .withTemplate(template(container("train", small())))
                        .endSpec()
                        .endJobTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    private static ObjectMeta meta(String namespace, String name, HasMetadata owner) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(name)
                .withUid("uid-" + namespace + "-" + name);
        if (owner != null) {
            meta.withOwnerReferences(new OwnerReferenceBuilder()
                    .withApiVersion(owner.getApiVersion())
                    .withKind(owner.getKind())
                    .withName(owner.getMetadata().getName())
                    .withUid(owner.getMetadata().getUid())
                    .withController(true)
                    .build());
        }
        return meta.build();
    }

    private static Container container(String name, String image) {
        return new ContainerBuilder().withName(name).withImage(image).build();
    }

    private static PodSpec spec(Container container) {
        return new PodSpecBuilder().withContainers(container).build();
    }

    private static PodTemplateSpec template(Container container) {
        return new PodTemplateSpecBuilder().withSpec(spec(container)).build();
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }
}
