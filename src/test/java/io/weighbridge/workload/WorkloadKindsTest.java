package io.weighbridge.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkloadKindsTest {
    private final WorkloadKinds kinds = WorkloadKinds.builtIn();

    /** The table as issue 11 lists it: group/version/resource of every judged kind. */
    @Test
    void listsEveryJudgedKindInEveryVersionClustersServeIt() {
        Set<String> served = kinds.all().stream()
                .flatMap(kind -> kind.versions().stream().map(version -> kind.apiVersion(version) + " " + kind.kind()))
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(
                new TreeSet<>(List.of(
                        "v1 Pod",
                        "v1 ReplicationController",
                        "apps/v1 Deployment",
                        "apps/v1beta1 Deployment",
                        "apps/v1beta2 Deployment",
                        "extensions/v1beta1 Deployment",
                        "apps/v1 DaemonSet",
                        "apps/v1beta1 DaemonSet",
                        "apps/v1beta2 DaemonSet",
                        "extensions/v1beta1 DaemonSet",
                        "apps/v1 ReplicaSet",
                        "apps/v1beta1 ReplicaSet",
                        "apps/v1beta2 ReplicaSet",
                        "extensions/v1beta1 ReplicaSet",
                        "apps/v1 StatefulSet",
                        "apps/v1beta1 StatefulSet",
                        "apps/v1beta2 StatefulSet",
                        "batch/v1 Job",
                        "batch/v1 CronJob",
                        "batch/v1beta1 CronJob",
                        "batch/v2alpha1 CronJob",
                        "apps.openshift.io/v1 DeploymentConfig",
                        "v1 DeploymentConfig",
                        "build.openshift.io/v1 BuildConfig",
                        "v1 BuildConfig")),
                served);
    }

    @Test
    void findsAKindByGroupAndKindWhateverTheVersion() {
        assertEquals(
                "spec.jobTemplate.spec.template.spec",
                kinds.find(GroupKind.of("batch/v1beta1", "CronJob"))
                        .orElseThrow()
                        .podSpec()
                        .toString());
        assertEquals(
                kinds.find(GroupKind.of("apps/v1", "Deployment")), kinds.find(GroupKind.of("apps/v9", "Deployment")));
        assertEquals(Optional.empty(), kinds.find(GroupKind.of("v1", "Deployment")));
        assertEquals(Optional.empty(), kinds.find(GroupKind.of("apps/v1", "deployment")));
    }

    @Test
    void auditsEachKindUnderItsCurrentGroupOnlyAndNeverBuildConfigs() {
        List<String> audited = kinds.all().stream()
                .filter(WorkloadKind::audited)
                .map(k -> k.groupKind().toString())
                .toList();

        assertEquals(
                List.of(
                        "Pod",
                        "Deployment.apps",
                        "ReplicaSet.apps",
                        "StatefulSet.apps",
                        "DaemonSet.apps",
                        "Job.batch",
                        "CronJob.batch",
                        "ReplicationController",
                        "DeploymentConfig.apps.openshift.io"),
                audited);
    }

    @Test
    void namesEachKindOnceForPoliciesAndMetrics() {
        assertEquals(
                List.of(
                        "Pod",
                        "Deployment",
                        "ReplicaSet",
                        "StatefulSet",
                        "DaemonSet",
                        "Job",
                        "CronJob",
                        "ReplicationController",
                        "DeploymentConfig",
                        "BuildConfig"),
                kinds.names());
        assertTrue(kinds.hasName("CronJob"));
        assertFalse(kinds.hasName("Rollout"));
        assertTrue(CustomKindsTest.documentedExamples().hasName("Rollout"));
        assertEquals(
                "Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController, DeploymentConfig,"
                        + " BuildConfig; no custom kind is configured (weighbridge.workloads.custom.*)",
                kinds.describeNames());
        assertTrue(CustomKindsTest.documentedExamples()
                .describeNames()
                .endsWith("BuildConfig; custom (weighbridge.workloads.custom.*): CloneSet, Service, Rollout"));
    }

    @Test
    void parsesApiVersionsOfTheCoreGroupAndOthers() {
        assertEquals(new GroupKind("", "Pod"), GroupKind.of("v1", "Pod"));
        assertEquals(
                new GroupKind("apps.openshift.io", "DeploymentConfig"),
                GroupKind.of("apps.openshift.io/v1", "DeploymentConfig"));
        assertEquals("CronJob.batch", GroupKind.of("batch/v1beta1", "CronJob").toString());
    }
}
