package io.weighbridge.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequestBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weighbridge.metrics.MetricNames;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageVerdict;
import io.weighbridge.workload.FieldPath;
import io.weighbridge.workload.GroupKind;
import io.weighbridge.workload.WorkloadKind;
import io.weighbridge.workload.WorkloadKinds;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionMetricsTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void namespacesAreNoLabelUnlessAnAdminOptsIn() {
        new AdmissionMetrics(meters, false, WorkloadKinds.builtIn())
                .decided(
                        request("Deployment", "CREATE", "shop"),
                        new GroupKind("apps", "Deployment"),
                        "allow",
                        null,
                        System.nanoTime());
        assertNull(meters.get(MetricNames.ADMISSION_REQUESTS).counter().getId().getTag("namespace"));

        SimpleMeterRegistry optedIn = new SimpleMeterRegistry();
        new AdmissionMetrics(optedIn, true, WorkloadKinds.builtIn())
                .decided(
                        request("Deployment", "CREATE", "shop"),
                        new GroupKind("apps", "Deployment"),
                        "allow",
                        null,
                        System.nanoTime());
        assertEquals(
                1.0,
                optedIn.get(MetricNames.ADMISSION_REQUESTS)
                        .tags("namespace", "shop", "kind", "Deployment")
                        .counter()
                        .count());
    }

    @Test
    void kindsAndOperationsOutsideTheJudgedOnesAreOther() {
        AdmissionMetrics metrics = new AdmissionMetrics(meters, false, WorkloadKinds.builtIn());
        metrics.decided(
                request("WidgetOfTheDay", "CREATE", "shop"),
                new GroupKind("example.com", "WidgetOfTheDay"),
                "allow",
                null,
                System.nanoTime());
        metrics.decided(
                request("ConfigMap", "PATCHY", "shop"),
                new GroupKind("", "ConfigMap"),
                "allow",
                null,
                System.nanoTime());
        metrics.decided(
                request("BuildConfig", "UPDATE", "shop"),
                new GroupKind("build.openshift.io", "BuildConfig"),
                "allow",
                null,
                System.nanoTime());

        assertEquals(1.0, requests("kind", "other", "operation", "CREATE"));
        assertEquals(1.0, requests("kind", "other", "operation", "other"));
        assertEquals(1.0, requests("kind", "BuildConfig", "operation", "UPDATE"));
        assertEquals(3, meters.get(MetricNames.ADMISSION_DURATION).timer().count());
    }

    @Test
    void aConfiguredCustomKindIsALabelOfItsOwn() {
        WorkloadKind rollout = new WorkloadKind(
                "argoproj.io",
                "Rollout",
                "rollouts",
                List.of("v1alpha1"),
                FieldPath.parse("spec.template.spec"),
                true,
                true);
        AdmissionMetrics metrics = new AdmissionMetrics(meters, false, WorkloadKinds.withCustom(List.of(rollout)));
        metrics.decided(
                request("Rollout", "CREATE", "shop"),
                new GroupKind("argoproj.io", "Rollout"),
                "deny",
                null,
                System.nanoTime());
        metrics.decided(
                request("Rollout", "CREATE", "shop"),
                new GroupKind("example.com", "Rollout"),
                "allow",
                null,
                System.nanoTime());

        assertEquals(1.0, requests("kind", "Rollout", "verdict", "deny"));
        assertEquals(1.0, requests("kind", "other", "verdict", "allow"), "a Rollout of another group is not judged");
    }

    @Test
    void findingsOfDryRunPoliciesCountAsDryrun() {
        Evaluation evaluation = new Evaluation(
                Action.DENY,
                List.of(new ImageVerdict(
                        "nginx",
                        null,
                        null,
                        List.of(
                                new Finding("hard-cap", "cluster-defaults", Action.DENY, "too big", false),
                                new Finding("hard-cap", "trial", Action.ALLOW, "too big", true)),
                        Action.DENY)));
        new AdmissionMetrics(meters, false, WorkloadKinds.builtIn())
                .decided(
                        request("Pod", "CREATE", "shop"),
                        new GroupKind("", "Pod"),
                        "deny",
                        evaluation,
                        System.nanoTime());

        assertEquals(
                1.0,
                meters.get(MetricNames.POLICY_FINDINGS)
                        .tags("policy", "cluster-defaults", "action", "deny")
                        .counter()
                        .count());
        assertEquals(
                1.0,
                meters.get(MetricNames.POLICY_FINDINGS)
                        .tags("policy", "trial", "action", "dryrun")
                        .counter()
                        .count());
    }

    @Test
    void imageSizeBucketsArePowersOfTwoFrom16MiBTo16GiB() {
        assertEquals(11, AdmissionMetrics.SIZE_BUCKETS.length);
        assertEquals(16L << 20, (long) AdmissionMetrics.SIZE_BUCKETS[0]);
        assertEquals(16L << 30, (long) AdmissionMetrics.SIZE_BUCKETS[10]);
    }

    private static AdmissionRequest request(String kind, String operation, String namespace) {
        return new AdmissionRequestBuilder()
                .withUid("u-1")
                .withKind(new GroupVersionKind("", kind, "v1"))
                .withOperation(operation)
                .withNamespace(namespace)
                .withName("x")
                .build();
    }

    /** The admission request counter with these tags. */
    private double requests(String... tags) {
        return meters.get(MetricNames.ADMISSION_REQUESTS).tags(tags).counter().count();
    }
}
