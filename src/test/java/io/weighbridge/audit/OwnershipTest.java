package io.weighbridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weighbridge.image.PullSecretRefs;
import io.weighbridge.workload.ContainerImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnershipTest {

    private static ClusterObject object(String uid, String kind, String owner, boolean pod, String image) {
        return new ClusterObject(
                uid,
                new WorkloadRef(kind, "ns", uid),
                owner,
                pod,
                List.of(new ContainerImage("c", image)),
                PullSecretRefs.UNNAMED);
    }

    @Test
    void foldsPodsAndReplicaSetsIntoTheirDeploymentWithTheImagesThatRun() {
        List<RunningWorkload> workloads = Ownership.workloads(List.of(
                object("web", "Deployment", null, false, "web:2"),
                object("web-old", "ReplicaSet", "web", false, "web:0"),
                object("web-1", "ReplicaSet", "web", false, "web:1"),
                object("web-1-a", "Pod", "web-1", true, "web:1"),
                object("lonely", "Pod", "gone-controller", true, "tool:1")));

        assertEquals(
                List.of(
                        new RunningWorkload(
                                new WorkloadRef("Deployment", "ns", "web"), List.of(pulled("web:2"), pulled("web:1"))),
                        new RunningWorkload(new WorkloadRef("Pod", "ns", "lonely"), List.of(pulled("tool:1")))),
                workloads);
    }

    private static PulledImage pulled(String image) {
        return new PulledImage(new ContainerImage("c", image), PullSecretRefs.UNNAMED);
    }

    @Test
    void survivesOwnerCycles() {
        List<RunningWorkload> workloads = Ownership.workloads(
                List.of(object("a", "ReplicaSet", "b", false, "x:1"), object("b", "ReplicaSet", "a", false, "y:1")));

        assertEquals(2, workloads.size());
    }
}
