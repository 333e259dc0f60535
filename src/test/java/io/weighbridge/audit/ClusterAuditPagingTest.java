package io.weighbridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerListBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetListBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentListBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetListBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetListBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobListBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.openshift.api.model.DeploymentConfigListBuilder;
import io.weighbridge.audit.AuditReport.AuditImage;
import io.weighbridge.image.ImageWeigher;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.workload.WorkloadKinds;
import io.weighbridge.workload.WorkloadReader;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The audit lists a page at a time: fabric8's mock server in expectations mode (the CRUD mode
 * ignores {@code limit}) serves the Pods in three pages and the Deployments in two, each page but
 * the last naming the next one in {@code metadata.continue}.
 */
@EnableKubernetesMockClient(crud = false)
class ClusterAuditPagingTest {
    private static final int PAGE_SIZE = 2;

    static KubernetesMockServer server;
    static KubernetesClient client;

    @Test
    void followsTheContinueTokenUntilTheLastPageAndAuditsTheObjectsOfEveryPage() throws Exception {
        servePages(
                "/api/v1/pods",
                new PodListBuilder()
                        .withMetadata(next("pods-2"))
                        .withItems(pod("a"), pod("b"))
                        .build(),
                new PodListBuilder()
                        .withMetadata(next("pods-3"))
                        .withItems(pod("c"), pod("d"))
                        .build(),
                new PodListBuilder().withMetadata(last()).withItems(pod("e")).build());
        servePages(
                "/apis/apps/v1/deployments",
                new DeploymentListBuilder()
                        .withMetadata(next("deployments-2"))
                        .withItems(deployment("web"), deployment("api"))
                        .build(),
                new DeploymentListBuilder()
                        .withMetadata(last())
                        .withItems(deployment("worker"))
                        .build());
        servePages(
                "/apis/apps/v1/replicasets",
                new ReplicaSetListBuilder().withMetadata(last()).build());
        servePages(
                "/apis/apps/v1/statefulsets",
                new StatefulSetListBuilder().withMetadata(last()).build());
        servePages(
                "/apis/apps/v1/daemonsets",
                new DaemonSetListBuilder().withMetadata(last()).build());
        servePages(
                "/apis/batch/v1/cronjobs",
                new CronJobListBuilder().withMetadata(last()).build());
        servePages(
                "/apis/batch/v1/jobs", new JobListBuilder().withMetadata(last()).build());
        servePages(
                "/api/v1/replicationcontrollers",
                new ReplicationControllerListBuilder().withMetadata(last()).build());
        // The mock client reports the OpenShift API as served.
        servePages(
                "/apis/apps.openshift.io/v1/deploymentconfigs",
                new DeploymentConfigListBuilder().withMetadata(last()).build());
        ImageWeigher unused = (reference, context) ->
                CompletableFuture.failedFuture(new AssertionError("no policy applies, so nothing is weighed"));
        ClusterAudit audit = new ClusterAudit(
                client,
                new WorkloadReader(WorkloadKinds.builtIn()),
                new DefaultPolicyEngine(unused, () -> PolicySet.EMPTY),
                new TestAuditConfig(PAGE_SIZE, 5, Duration.ofSeconds(5)));

        AuditReport report = audit.run(null, null);

        Map<String, List<Map<String, String>>> lists = listRequests();
        assertEquals(
                List.of(
                        Map.of("limit", "2"),
                        Map.of("continue", "pods-2", "limit", "2"),
                        Map.of("continue", "pods-3", "limit", "2")),
                lists.get("/api/v1/pods"),
                lists.toString());
        assertEquals(
                List.of(Map.of("limit", "2"), Map.of("continue", "deployments-2", "limit", "2")),
                lists.get("/apis/apps/v1/deployments"));
        assertEquals(List.of(Map.of("limit", "2")), lists.get("/apis/apps/v1/replicasets"));
        assertEquals(List.of(), report.notes(), "every kind was listed");
        assertEquals(8, report.workloads());
        assertEquals(
                List.of("a", "api", "b", "c", "d", "e", "web", "worker"),
                report.images().stream()
                        .map(AuditImage::image)
                        .map(image -> image.replaceAll(".*/(.*):1", "$1"))
                        .sorted()
                        .toList());
    }

    private static ListMeta next(String continueToken) {
        return new ListMetaBuilder().withContinue(continueToken).build();
    }

    private static ListMeta last() {
        return new ListMeta();
    }

    /** Each page once, at the path with the query the audit must send for it: the previous page's token. */
    private static void servePages(String path, KubernetesResourceList<?>... pages) {
        String token = null;
        for (KubernetesResourceList<?> page : pages) {
            String query = (token == null ? "?" : "?continue=" + token + "&") + "limit=" + PAGE_SIZE;
            server.expect().get().withPath(path + query).andReturn(200, page).once();
            token = page.getMetadata().getContinue();
        }
    }

    /** Path → the query parameters of every GET of it, in the order they came. */
    private static Map<String, List<Map<String, String>>> listRequests() throws InterruptedException {
        Map<String, List<Map<String, String>>> byPath = new LinkedHashMap<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            URI uri = URI.create(request.getPath());
            if (!"GET".equals(request.getMethod())) {
                continue;
            }
            byPath.computeIfAbsent(uri.getPath(), key -> new ArrayList<>()).add(query(uri.getRawQuery()));
        }
        return byPath;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] nameAndValue = pair.split("=", 2);
                parameters.put(
                        URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
                        nameAndValue.length > 1 ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "");
            }
        }
        return parameters;
    }

    private static Pod pod(String name) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop")
                .withUid("uid-" + name)
                .endMetadata()
                .withNewSpec()
                .withContainers(new ContainerBuilder()
                        .withName("c")
                        .withImage("registry.test/app/" + name + ":1")
                        .build())
                .endSpec()
                .build();
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop")
                .withUid("uid-" + name)
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .withContainers(new ContainerBuilder()
                        .withName("c")
                        .withImage("registry.test/app/" + name + ":1")
                        .build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
