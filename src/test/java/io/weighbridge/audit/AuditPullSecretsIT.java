package io.weighbridge.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.weighbridge.audit.AuditReport.AuditImage;
import io.weighbridge.audit.AuditReport.ImageWorkload;
import io.weighbridge.cli.CdiCommandFactory;
import io.weighbridge.cli.WeighbridgeCommand;
import io.weighbridge.policy.Action;
import io.weighbridge.testing.Fixtures;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The audit weighs each image with the pull secrets of the workloads that use it, as admission
 * would: Secrets and ServiceAccounts in the fabric8 mock server (CRUD), the private image on the
 * real htpasswd registry, and no static auth file ({@link PullSecretsAuditProfile}).
 */
@QuarkusTest
@TestProfile(PullSecretsAuditProfile.class)
@WithKubernetesTestServer(setup = PrivateCluster.class)
class AuditPullSecretsIT {
    private final Fixtures fixtures = Fixtures.get();

    @Inject
    ClusterAudit audit;

    @Inject
    CdiCommandFactory factory;

    @Test
    void weighsThePrivateImageWithTheSecretsOfEachWorkloadAndSaysWhichWorkloadCannotPullIt()
            throws InterruptedException {
        AuditReport report = audit.run(PrivateCluster.NAMESPACE, null);

        assertEquals(3, report.workloads());
        AuditImage image = report.images().get(0);
        assertEquals(PrivateCluster.privateImage(), image.image());
        assertEquals(fixtures.privateImage().sizeBytes(), image.sizeBytes(), "weighed with the secret");
        assertEquals(fixtures.privateImage().digest(), image.digest());
        assertNull(image.error(), "weighed for some of its workloads");
        Map<String, ImageWorkload> byName =
                image.workloads().stream().collect(Collectors.toMap(ImageWorkload::name, workload -> workload));
        assertEquals(
                List.of("named-secret", "no-secret", "via-account"),
                image.workloads().stream().map(ImageWorkload::name).toList());
        assertNull(byName.get("named-secret").error(), "its imagePullSecrets open the registry");
        assertNull(byName.get("via-account").error(), "its service account's pull secrets open the registry");
        String refused = byName.get("no-secret").error();
        assertTrue(
                refused != null
                        && refused.startsWith("cannot weigh " + PrivateCluster.privateImage())
                        && refused.contains("401"),
                String.valueOf(refused));
        // test-limits weighs what it cannot weigh as a warning
        assertEquals(Action.WARN, image.verdict());
        assertTrue(
                image.findings().stream()
                        .anyMatch(finding -> finding.rule().equals("registry-error")
                                && finding.namespaces().equals(List.of(PrivateCluster.NAMESPACE))),
                image.findings().toString());
    }

    @Test
    void theTableMarksTheWorkloadWhosePullSecretsCannotWeighTheImage() {
        StringWriter out = new StringWriter();
        CommandLine command = WeighbridgeCommand.commandLine(factory);
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(new StringWriter(), true));

        int exitCode = command.execute("audit", "-n", PrivateCluster.NAMESPACE);

        assertEquals(0, exitCode, out.toString());
        String row = out.toString()
                .lines()
                .filter(line -> line.startsWith(PrivateCluster.privateImage()))
                .findFirst()
                .orElseThrow();
        assertTrue(
                row.contains("Deployment/named-secret, Deployment/no-secret (not weighed), Deployment/via-account"),
                row);
        assertTrue(row.contains("WARN") && row.contains("test-limits/registry-error"), row);
    }

    @Test
    void aSecretNamedByAWorkloadIsReadFromItsOwnNamespaceOnly() throws InterruptedException {
        AuditReport report = audit.run(PrivateCluster.OTHER_NAMESPACE, null);

        AuditImage image = report.images().get(0);
        assertNull(image.sizeBytes());
        assertTrue(image.error() != null && image.error().contains("401"), String.valueOf(image.error()));
        assertEquals(image.error(), image.workloads().get(0).error());
        assertEquals(Action.WARN, image.verdict());
    }
}
