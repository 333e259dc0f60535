package io.weighbridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.weighbridge.image.ImageWeigher;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.testing.CustomKindsProfile;
import io.weighbridge.workload.ContainerImage;
import io.weighbridge.workload.WorkloadKind;
import io.weighbridge.workload.WorkloadKinds;
import io.weighbridge.workload.WorkloadReader;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What the audit lists, against fabric8's mock server in expectations mode (anything not served
 * answers 404): every audited row of the kind table, custom kinds included, as generic resources
 * read by the workload reader, each at the first of its versions the cluster serves.
 */
@EnableKubernetesMockClient(crud = false)
class ClusterWorkloadsTest {
    private static final String LIMIT = "?limit=250";

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final Set<String> served = new HashSet<>();

    @Test
    void listsEachKindAtTheFirstVersionServedAndNotesWhatItCouldNotList() {
        WorkloadKinds kinds = CustomKindsProfile.kinds();
        serve("/api/v1/pods", list(pod("debug", "registry.test/tools/shell:1")));
        // Kubernetes up to 1.20 serves CronJobs as batch/v1beta1 only: batch/v1 is not expected, so it answers 404.
        serve("/apis/batch/v1beta1/cronjobs", list(cronJob("nightly", "registry.test/jobs/report:7")));
        server.expect()
                .get()
                .withPath("/apis/apps/v1/deployments" + LIMIT)
                .andReturn(403, status(403, "deployments.apps is forbidden: User cannot list resource"))
                .once();
        served.add("/apis/apps/v1/deployments");
        serve("/apis/argoproj.io/v1alpha1/rollouts", list(rollout("storefront", "registry.test/shop/web:2")));
        serve("/apis/serving.knative.dev/v1/services", list("""
                {"apiVersion": "serving.knative.dev/v1", "kind": "Service",
                 "metadata": {"name": "hello", "namespace": "shop", "uid": "uid-hello"},
                 "spec": {"template": {"spec": {"containers": "hello:1"}}}}"""));
        for (WorkloadKind kind : kinds.all()) {
            String path = path(kind, kind.versions().get(0));
            if (kind.audited()
                    && !served.contains(path)
                    && !kind.custom()
                    && !kind.openShiftOnly()
                    && !kind.kind().equals("CronJob")) {
                serve(path, list());
            }
        }
        ImageWeigher unused =
                (reference, context) -> CompletableFuture.failedFuture(new AssertionError("nothing is weighed"));
        ClusterAudit audit = new ClusterAudit(
                client,
                new WorkloadReader(kinds),
                new DefaultPolicyEngine(unused, () -> PolicySet.EMPTY),
                new TestAuditConfig(250, 5, Duration.ofSeconds(5)));

        ClusterListing listing = audit.list(null);

        assertEquals(
                List.of(
                        "Pod/shop/debug [shell=registry.test/tools/shell:1]",
                        "CronJob/shop/nightly [report=registry.test/jobs/report:7]",
                        "Rollout/shop/storefront [web=registry.test/shop/web:2]"),
                listing.objects().stream().map(ClusterWorkloadsTest::shown).toList());
        assertEquals(
                List.of(
                        "Deployments not listed: forbidden (deployments.apps is forbidden: User cannot list resource)",
                        "CloneSets not listed: this cluster serves clonesets in none of [apps.kruise.io/v1alpha1]",
                        "Service shop/hello not audited: weighbridge cannot read this Service: spec.template.spec.containers is a string,"
                                + " not a list"),
                listing.notes());
    }

    @Test
    void listsNeitherBuildConfigsNorTheLegacyGroupsWhoseObjectsItListsUnderTheCurrentOne() {
        List<String> audited = WorkloadKinds.builtIn().all().stream()
                .filter(WorkloadKind::audited)
                .map(kind -> path(kind, kind.versions().get(0)))
                .toList();

        assertEquals(
                List.of(
                        "/api/v1/pods",
                        "/apis/apps/v1/deployments",
                        "/apis/apps/v1/replicasets",
                        "/apis/apps/v1/statefulsets",
                        "/apis/apps/v1/daemonsets",
                        "/apis/batch/v1/jobs",
                        "/apis/batch/v1/cronjobs",
                        "/api/v1/replicationcontrollers",
                        "/apis/apps.openshift.io/v1/deploymentconfigs"),
                audited);
    }

    private static String shown(ClusterObject object) {
        return object.ref() + " "
                + object.images().stream()
                        .map(ContainerImage::toString)
                        .map(image -> image.replaceAll("ContainerImage\\[container=(.*), image=(.*)]", "$1=$2"))
                        .toList();
    }

    private void serve(String path, String body) {
        server.expect().get().withPath(path + LIMIT).andReturn(200, body).once();
        served.add(path);
    }

    private static String path(WorkloadKind kind, String version) {
        return (kind.group().isEmpty() ? "/api/" : "/apis/" + kind.group() + "/") + version + "/" + kind.resource();
    }

    private static String list(String... items) {
        return "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"metadata\": {}, \"items\": [" + String.join(",", items)
                + "]}";
    }

    private static String status(int code, String message) {
        return "{\"apiVersion\": \"v1\", \"kind\": \"Status\", \"status\": \"Failure\", \"code\": " + code
                + ", \"reason\": \"Forbidden\", \"message\": \"" + message + "\"}";
    }

    private static String pod(String name, String image) {
        return """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s", "namespace": "shop", "uid": "uid-%s"},
                 "spec": {"containers": [{"name": "shell", "image": "%s"}]}}""".formatted(name, name, image);
    }

    private static String cronJob(String name, String image) {
        return """
                {"apiVersion": "batch/v1beta1", "kind": "CronJob", "metadata": {"name": "%s", "namespace": "shop", "uid": "uid-%s"},
                 "spec": {"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec":
                   {"containers": [{"name": "report", "image": "%s"}]}}}}}}""".formatted(name, name, image);
    }

    private static String rollout(String name, String image) {
        return """
                {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "%s", "namespace": "shop", "uid": "uid-%s"},
                 "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "%s"}]}}}}""".formatted(name, name, image);
    }
}
