package io.weighbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.weighbridge.leadership.LeaseLeadership;
import io.weighbridge.testing.ApiPermission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every request fabric8's leader election makes (acquire, renew, release, take over), recorded by the
 * mock server in CRUD mode, is granted by the leader-election Role of the chart and of deploy/base.
 * Before: the Role granted get, create and update, and a renewal is a merge patch.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionPermissionsTest {
    private static final LeaseLeadership.Timings FAST = new LeaseLeadership.Timings(
            Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(100), Duration.ofSeconds(1));

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void nativeLibraryStaysInTheBuildFolder() {
        HelmChartTest.nativeLibraryStaysInTheBuildFolder();
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void everyCallOfALeaseHandOverIsGrantedByTheLeaderElectionRole() throws Exception {
        LeaseLeadership first = new LeaseLeadership(
                client, "weighbridge", "weighbridge-status", "replica-a", "the status", FAST, scheduler);
        LeaseLeadership second = new LeaseLeadership(
                client, "weighbridge", "weighbridge-status", "replica-b", "the status", FAST, scheduler);
        first.start(() -> {}, () -> {});
        await(first::isLeader, "replica-a leads");
        second.start(() -> {}, () -> {});
        Thread.sleep(FAST.retryPeriod().toMillis() * 5); // renewals
        first.close(); // releases the Lease
        await(second::isLeader, "replica-b takes over");
        second.close();

        Set<String> calls = new TreeSet<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            ApiPermission.of(request).ifPresent(calls::add);
        }
        assertTrue(calls.contains("coordination.k8s.io/leases:patch"), "renewals were seen: " + calls);

        Rendered helm = HelmChartTest.render("helm", HelmChartTest.template());
        Rendered kustomize =
                Rendered.parse("deploy/base/rbac.yaml", Files.readString(Path.of("deploy/base/rbac.yaml")));
        for (Rendered install : java.util.List.of(helm, kustomize)) {
            Set<String> granted = InstallGuarantees.permissions(
                    install, install.one(Role.class).getRules());
            Set<String> missing = new TreeSet<>(calls);
            missing.removeAll(granted);
            assertEquals(
                    Set.of(),
                    missing,
                    install.source() + ": leader election calls the Role does not grant (it grants " + granted + ")");
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean() && Instant.now().isBefore(until)) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
