package io.weighbridge.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.weighbridge.policy.WorkloadName;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadNamesTest {

    @Test
    void aDeploymentsRolloutPodIsNamedByItsGenerateNameItsReplicaSetAndItsDeployment() {
        ObjectMeta pod = new ObjectMetaBuilder().withGenerateName("storefront-5d4b9c7f6-")
                .addToLabels("pod-template-hash", "5d4b9c7f6")
                .addNewOwnerReference().withKind("ReplicaSet").withName("storefront-5d4b9c7f6").withController(true).endOwnerReference()
                .build();

        assertEquals(List.of(new WorkloadName("Pod", "storefront-5d4b9c7f6-"), new WorkloadName("ReplicaSet", "storefront-5d4b9c7f6"),
                new WorkloadName("Deployment", "storefront")), WorkloadNames.of("Pod", pod));
    }

    @Test
    void aReplicaSetIsNamedByItselfAndItsDeployment() {
        ObjectMeta replicaSet = new ObjectMetaBuilder().withName("storefront-5d4b9c7f6")
                .addNewOwnerReference().withKind("Deployment").withName("storefront").withController(true).endOwnerReference()
                .build();

        assertEquals(List.of(new WorkloadName("ReplicaSet", "storefront-5d4b9c7f6"), new WorkloadName("Deployment", "storefront")),
                WorkloadNames.of("ReplicaSet", replicaSet));
    }

    @Test
    void aPodWhoseHashDoesNotEndItsOwnersNameGetsNoDeploymentAndAnOwnerThatIsNoControllerCountsNot() {
        ObjectMeta pod = new ObjectMetaBuilder().withName("odd").addToLabels("pod-template-hash", "abc")
                .addNewOwnerReference().withKind("ReplicaSet").withName("storefront-xyz").withController(true).endOwnerReference()
                .addNewOwnerReference().withKind("Deployment").withName("other").withController(false).endOwnerReference()
                .build();

        assertEquals(List.of(new WorkloadName("Pod", "odd"), new WorkloadName("ReplicaSet", "storefront-xyz")),
                WorkloadNames.of("Pod", pod));
    }

    @Test
    void aDeploymentConfigsPodCarriesItsName() {
        ObjectMeta pod = new ObjectMetaBuilder().withName("billing-3-x7k2p")
                .addToAnnotations("openshift.io/deployment-config.name", "billing")
                .addNewOwnerReference().withKind("ReplicationController").withName("billing-3").withController(true).endOwnerReference()
                .build();

        assertEquals(List.of(new WorkloadName("Pod", "billing-3-x7k2p"), new WorkloadName("ReplicationController", "billing-3"),
                new WorkloadName("DeploymentConfig", "billing")), WorkloadNames.of("Pod", pod));
    }
}
