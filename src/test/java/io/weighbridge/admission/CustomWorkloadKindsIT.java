package io.weighbridge.admission;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.weighbridge.admission.EntryPoints.Answers;
import io.weighbridge.admission.EntryPoints.Judgement;
import io.weighbridge.audit.AuditReport;
import io.weighbridge.audit.AuditReport.ImageWorkload;
import io.weighbridge.audit.ClusterAudit;
import io.weighbridge.cli.CdiCommandFactory;
import io.weighbridge.cli.WeighbridgeCommand;
import io.weighbridge.policy.Action;
import io.weighbridge.testing.CustomKindsProfile;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.WorkloadFixture;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The three documented custom workload kinds, configured as an admin would
 * ({@link CustomKindsProfile}): judged through {@code /validate}, {@code /api/v1/check} and
 * {@code check -f} like built-in kinds, listed by the audit from the CRUD mock server as generic
 * resources ({@link CustomKindsCluster}), named in metrics, and accepted by policies' {@code match.kinds}.
 */
@QuarkusTest
@TestProfile(CustomKindsProfile.class)
@WithKubernetesTestServer(setup = CustomKindsCluster.class)
class CustomWorkloadKindsIT {
    private final Fixtures fixtures = Fixtures.get();
    private final String big = fixtures.big().reference().toString();

    @TestHTTPResource(value = "/q/metrics", management = true)
    URL metricsUrl;

    @Inject
    CdiCommandFactory commands;

    @Inject
    ClusterAudit audit;

    @TempDir
    Path work;

    static List<WorkloadFixture> customKinds() {
        return WorkloadFixture.in("custom");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("customKinds")
    void deniesTheOversizedImageOfEachDocumentedCustomKindAlikeThroughEveryEntryPoint(WorkloadFixture fixture) {
        Answers answers =
                EntryPoints.judge(fixture.tree(big, fixtures.plainRegistry().hostPort()), commands, work);

        Judgement admission = answers.ofAdmission();
        assertEquals("deny", admission.verdict(), answers::toString);
        assertTrue(
                admission.denials().stream()
                        .anyMatch(m -> m.startsWith(big) && m.contains("above the 5Mi limit of test-limits/hard-cap")),
                answers::toString);
        assertEquals(admission, answers.ofApi(), answers::toString);
        assertEquals(admission, answers.ofCli(), answers::toString);
        assertEquals(1, answers.cliExit(), answers::toString);
    }

    @Test
    void allowsARolloutThatReferencesItsDeploymentInsteadOfATemplateAndSaysSo() {
        ObjectNode rollout = (ObjectNode)
                WorkloadFixture.read(WorkloadFixture.FOLDER.resolve("custom/rollout-argoproj.io-v1alpha1.yaml"))
                        .tree(big, fixtures.plainRegistry().hostPort());
        ObjectNode spec = (ObjectNode) rollout.get("spec");
        spec.remove("template");
        spec.putObject("workloadRef")
                .put("apiVersion", "apps/v1")
                .put("kind", "Deployment")
                .put("name", "storefront");

        given().contentType(ContentType.JSON)
                .body(AdmissionReviewFixture.create(rollout).json())
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("response.allowed", org.hamcrest.Matchers.equalTo(true))
                .body(
                        "response.warnings",
                        org.hamcrest.Matchers.contains(
                                "weighbridge found no pod spec at spec.template.spec in this Rollout: its images were not judged"));
    }

    @Test
    void stillJudgesNoCoreServiceOnlyTheKnativeOne() {
        ObjectNode core = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("apiVersion", "v1")
                .put("kind", "Service");
        core.putObject("metadata").put("name", "hello").put("namespace", "shop");
        core.putObject("spec").putArray("ports").addObject().put("port", 80);

        given().contentType(ContentType.JSON)
                .body(AdmissionReviewFixture.create(core).json())
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("response.allowed", org.hamcrest.Matchers.equalTo(true));
        String unsupported = given().contentType(ContentType.JSON)
                .body("{\"object\": " + core + "}")
                .when()
                .post("/api/v1/check")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        assertTrue(
                unsupported.startsWith("unsupported object kind Service: supported kinds are Pod, ")
                        && unsupported.endsWith(
                                "; custom (weighbridge.workloads.custom.*): CloneSet, Service, Rollout"),
                unsupported);
    }

    @Test
    void auditsTheCustomWorkloadsItListsAsGenericResources() throws InterruptedException {
        AuditReport report = audit.run("shop", null);

        assertEquals(3, report.workloads(), report.toString());
        assertEquals(List.of(), report.notes(), "every kind was listed");
        assertEquals(Action.DENY, report.verdict());
        AuditReport.AuditImage oversized = report.images().stream()
                .filter(image -> image.image().equals(big))
                .findFirst()
                .orElseThrow(() -> new AssertionError(report.toString()));
        assertEquals(
                List.of(
                        new ImageWorkload("CloneSet", "shop", "sample", "nginx"),
                        new ImageWorkload("Rollout", "shop", "storefront", "web"),
                        new ImageWorkload("Service", "shop", "hello", null)),
                oversized.workloads());
    }

    @Test
    void countsAdmissionsOfACustomKindUnderItsOwnKindLabel() {
        WorkloadFixture rollout =
                WorkloadFixture.read(WorkloadFixture.FOLDER.resolve("custom/rollout-argoproj.io-v1alpha1.yaml"));
        given().contentType(ContentType.JSON)
                .body(AdmissionReviewFixture.create(
                                rollout.tree(big, fixtures.plainRegistry().hostPort()))
                        .json())
                .when()
                .post("/validate")
                .then()
                .statusCode(200);

        String metrics = given().port(metricsUrl.getPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith("weighbridge_admission_requests_total{")
                                && line.contains("kind=\"Rollout\"")
                                && line.contains("verdict=\"deny\"")),
                () -> metrics.lines()
                        .filter(line -> line.startsWith("weighbridge_admission_requests_total"))
                        .toList()
                        .toString());
    }

    @Test
    void policyLintAcceptsTheConfiguredKindsAndNamesThemForOneItDoesNotKnow() throws Exception {
        Path policy = Files.writeString(work.resolve("delivery.yaml"), """
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: progressive-delivery
                spec:
                  match:
                    kinds: [Rollout, CloneSet, Service]
                  rules:
                    - name: cap
                      maxSize: 1Gi
                      action: deny
                """);
        Path typo = Files.writeString(
                work.resolve("typo.yaml"), Files.readString(policy).replace("Service]", "Servise]"));

        StringWriter valid = new StringWriter();
        StringWriter invalid = new StringWriter();
        int validExit = lint(policy, valid);
        int invalidExit = lint(typo, invalid);

        assertEquals(0, validExit, valid.toString());
        assertEquals(
                "valid: 1 policy, 1 rule (progressive-delivery)",
                valid.toString().strip());
        assertEquals(1, invalidExit, invalid.toString());
        assertEquals(
                typo + ":7: spec.match.kinds[2]: unsupported kind Servise; did you mean Service?",
                invalid.toString().strip());
    }

    private int lint(Path file, StringWriter out) {
        CommandLine line = WeighbridgeCommand.commandLine(commands);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(new StringWriter(), true));
        return line.execute("policy", "lint", file.toString());
    }
}
