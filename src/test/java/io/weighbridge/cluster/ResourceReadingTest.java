package io.weighbridge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.weighbridge.workload.WorkloadKinds;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading resources and the status they should have, without a cluster. */
class ResourceReadingTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final WorkloadKinds KINDS = WorkloadKinds.builtIn();

    private static final String VALID = """
            apiVersion: weighbridge.io/v1alpha1
            kind: ImageSizePolicy
            metadata: {name: tighter, namespace: team-a, uid: u-1, generation: 1}
            spec:
              rules: [{name: hard-cap, maxSize: 3Mi, action: deny}]
            """;
    private static final String INVALID = """
            apiVersion: weighbridge.io/v1alpha1
            kind: ImageSizePolicy
            metadata: {name: tighter, namespace: team-a, uid: u-1, generation: 2}
            spec:
              rules: [{name: hard-cap, maxSize: lots, action: deny}]
            """;

    @Test
    void anInvalidVersionKeepsTheValidOneSeenBefore() {
        PolicyResource valid =
                ResourceReading.policy(WeighbridgeResources.POLICY, ClusterResourcesIT.read(VALID), null, KINDS);
        PolicyResource invalid =
                ResourceReading.policy(WeighbridgeResources.POLICY, ClusterResourcesIT.read(INVALID), valid, KINDS);

        assertFalse(invalid.valid());
        assertEquals(1, invalid.inForce().generation());
        assertEquals(3L * 1024 * 1024, invalid.inForce().policy().rules().get(0).maxSizeBytes());
    }

    /** After a restart nothing was seen before: the version status recorded as in force is judged by. */
    @Test
    void aRestartedReplicaFindsTheLastValidVersionInStatus() {
        PolicyResource valid =
                ResourceReading.policy(WeighbridgeResources.POLICY, ClusterResourcesIT.read(VALID), null, KINDS);
        JsonNode status = ResourceStatus.of(valid, Set.of(), NOW);
        GenericKubernetesResource stored = ClusterResourcesIT.read(INVALID);
        stored.setAdditionalProperty("status", ResourceReading.JSON.convertValue(status, Object.class));

        PolicyResource afterRestart = ResourceReading.policy(WeighbridgeResources.POLICY, stored, null, KINDS);

        assertEquals(1, afterRestart.inForce().generation());
        assertEquals("team-a/tighter", afterRestart.inForce().policy().id());
        JsonNode next = ResourceStatus.of(afterRestart, Set.of(), NOW.plusSeconds(60));
        assertEquals("Invalid", next.at("/conditions/0/reason").asText());
        assertTrue(
                next.at("/conditions/0/message").asText().endsWith("generation 1, the last valid one, stays in force"));
        assertEquals(1, next.at("/inForce/generation").asLong());
    }

    @Test
    void anotherResourceOfTheSameNameLendsNothing() {
        PolicyResource valid =
                ResourceReading.policy(WeighbridgeResources.POLICY, ClusterResourcesIT.read(VALID), null, KINDS);
        GenericKubernetesResource recreated = ClusterResourcesIT.read(INVALID.replace("uid: u-1", "uid: u-2"));

        assertNull(ResourceReading.policy(WeighbridgeResources.POLICY, recreated, valid, KINDS)
                .inForce());
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItsStatusStays() {
        PolicyResource valid =
                ResourceReading.policy(WeighbridgeResources.POLICY, ClusterResourcesIT.read(VALID), null, KINDS);
        JsonNode first = ResourceStatus.of(valid, Set.of(), NOW);
        GenericKubernetesResource stored = ClusterResourcesIT.read(VALID);
        stored.setAdditionalProperty("status", ResourceReading.JSON.convertValue(first, Object.class));
        PolicyResource again = ResourceReading.policy(WeighbridgeResources.POLICY, stored, valid, KINDS);

        JsonNode later = ResourceStatus.of(again, Set.of(), NOW.plusSeconds(3600));

        assertEquals(first, later, "the same status twice: nothing to write");
        assertEquals(
                "2025-06-01T12:00:00Z",
                later.at("/conditions/0/lastTransitionTime").asText());
    }

    @Test
    void aNamespacedPolicyNeverTakesAFilePolicysName() {
        PolicyResource namespaced =
                ResourceReading.policy(WeighbridgeResources.POLICY, ClusterResourcesIT.read(VALID), null, KINDS);

        assertEquals(
                "Valid",
                ResourceStatus.of(namespaced, Set.of("tighter"), NOW)
                        .at("/conditions/0/reason")
                        .asText());
    }
}
