package io.weighbridge.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How exceptions may name an object: itself, its controller, and the workload Kubernetes says it belongs to. */
class OwnersTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void aDeploymentsRolloutPodIsNamedByItsGenerateNameItsReplicaSetAndItsDeployment() throws IOException {
        assertEquals(
                List.of(
                        new WorkloadName("Pod", "storefront-5d4b9c7f6-"),
                        new WorkloadName("ReplicaSet", "storefront-5d4b9c7f6"),
                        new WorkloadName("Deployment", "storefront")),
                names("""
                apiVersion: v1
                kind: Pod
                metadata:
                  generateName: storefront-5d4b9c7f6-
                  labels: {pod-template-hash: 5d4b9c7f6}
                  ownerReferences:
                    - {apiVersion: apps/v1, kind: ReplicaSet, name: storefront-5d4b9c7f6, uid: u1, controller: true}
                """));
    }

    @Test
    void aReplicaSetIsNamedByItselfAndItsDeployment() throws IOException {
        assertEquals(
                List.of(
                        new WorkloadName("ReplicaSet", "storefront-5d4b9c7f6"),
                        new WorkloadName("Deployment", "storefront")),
                names("""
                        apiVersion: apps/v1
                        kind: ReplicaSet
                        metadata:
                          name: storefront-5d4b9c7f6
                          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: storefront, uid: u0, controller: true}]
                        """));
    }

    @Test
    void aHashThatDoesNotEndTheOwnersNameAddsNoDeploymentAndAnOwnerThatIsNoControllerCountsNot() throws IOException {
        assertEquals(
                List.of(new WorkloadName("Pod", "odd"), new WorkloadName("ReplicaSet", "storefront-xyz")), names("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: odd
                  labels: {pod-template-hash: abc}
                  ownerReferences:
                    - {apiVersion: apps/v1, kind: Deployment, name: other, uid: u2, controller: false}
                    - {apiVersion: apps/v1, kind: ReplicaSet, name: storefront-xyz, uid: u3, controller: true}
                """));
    }

    @Test
    void aDeploymentConfigsPodCarriesItsName() throws IOException {
        assertEquals(
                List.of(
                        new WorkloadName("Pod", "billing-3-x7k2p"),
                        new WorkloadName("ReplicationController", "billing-3"),
                        new WorkloadName("DeploymentConfig", "billing")),
                names("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: billing-3-x7k2p
                  annotations: {openshift.io/deployment-config.name: billing}
                  ownerReferences: [{apiVersion: v1, kind: ReplicationController, name: billing-3, uid: u4, controller: true}]
                """));
    }

    private static List<WorkloadName> names(String yaml) throws IOException {
        JsonNode object = YAML.readTree(yaml);
        return ObjectIdentity.of(object, null).names();
    }
}
