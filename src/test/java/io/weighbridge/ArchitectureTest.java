package io.weighbridge;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.weighbridge.image.Deadline;
import io.weighbridge.metrics.MetricNames;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The allowed package dependencies and the one-place-per-fact rules, checked on the compiled main
 * classes (docs/architecture.md says the same in words). A rule that fails names the class, the
 * member and the source line that broke it; change the rule only together with that page.
 */
@AnalyzeClasses(
        packages = "io.weighbridge",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    /** Each top-level package, image with its registry client, as one layer. */
    @ArchTest
    static final ArchRule packages_depend_only_downwards = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("cli")
            .definedBy("io.weighbridge.cli..")
            .layer("check")
            .definedBy("io.weighbridge.check..")
            .layer("audit")
            .definedBy("io.weighbridge.audit..")
            .layer("admission")
            .definedBy("io.weighbridge.admission..")
            .layer("build")
            .definedBy("io.weighbridge.build..")
            .layer("policy")
            .definedBy("io.weighbridge.policy..")
            .layer("dockerfile")
            .definedBy("io.weighbridge.dockerfile..")
            .layer("cluster")
            .definedBy("io.weighbridge.cluster..")
            .layer("workload")
            .definedBy("io.weighbridge.workload..")
            .layer("access")
            .definedBy("io.weighbridge.access..")
            .layer("image")
            .definedBy("io.weighbridge.image..")
            .layer("leadership")
            .definedBy("io.weighbridge.leadership..")
            .layer("metrics")
            .definedBy("io.weighbridge.metrics..")
            .layer("logging")
            .definedBy("io.weighbridge.logging..")
            .whereLayer("cli")
            .mayOnlyAccessLayers("check", "audit", "policy", "dockerfile", "workload", "image")
            .whereLayer("check")
            .mayOnlyAccessLayers("admission", "build", "policy", "dockerfile", "workload", "access", "image")
            .whereLayer("audit")
            .mayOnlyAccessLayers("policy", "workload", "access", "image", "leadership", "metrics")
            .whereLayer("admission")
            .mayOnlyAccessLayers("build", "policy", "workload", "image", "metrics", "logging")
            .whereLayer("build")
            .mayOnlyAccessLayers("policy", "dockerfile", "workload", "image", "leadership", "metrics")
            .whereLayer("policy")
            .mayOnlyAccessLayers("dockerfile", "workload", "image", "metrics")
            .whereLayer("cluster")
            .mayOnlyAccessLayers("policy", "workload", "image", "leadership", "metrics")
            .whereLayer("dockerfile")
            .mayOnlyAccessLayers("image")
            .whereLayer("workload")
            .mayOnlyAccessLayers("image")
            .whereLayer("access")
            .mayOnlyAccessLayers("image", "metrics")
            .whereLayer("image")
            .mayOnlyAccessLayers("metrics")
            .whereLayer("leadership")
            .mayNotAccessAnyLayer()
            .whereLayer("metrics")
            .mayNotAccessAnyLayer()
            .whereLayer("logging")
            .mayNotAccessAnyLayer()
            .as("each package uses only the packages below it (docs/architecture.md, the dependency graph)")
            .because(
                    "entry points (cli, check, audit, admission, build) call one engine (policy) over the images (image)"
                            + " and objects (workload) below it; a call upwards would make the engine know who asked");

    @ArchTest
    static final ArchRule no_cycles_between_packages = slices().matching("io.weighbridge.(*)..")
            .namingSlices("package $1")
            .should()
            .beFreeOfCycles()
            .as("no cycles between the top-level packages")
            .because("a cycle makes two packages one that cannot be read, tested or changed apart");

    @ArchTest
    static final ArchRule only_workload_reads_pod_specs = noClasses()
            .that()
            .resideOutsideOfPackage("io.weighbridge.workload..")
            .should()
            .dependOnClassesThat(workloadModel())
            .as("only workload reads fabric8's workload model (Pod, PodSpec, Container, apps, batch, DeploymentConfig)")
            .because("workload holds the one table of judged kinds and where each keeps its pod spec;"
                    + " everyone else asks it for images and pull secrets");

    @ArchTest
    static final ArchRule only_admission_reads_admission_reviews = noClasses()
            .that()
            .resideOutsideOfPackage("io.weighbridge.admission..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.fabric8.kubernetes.api.model.admission..")
            .as("only admission reads fabric8's AdmissionReview model")
            .because("the AdmissionReview is the /validate endpoint's envelope; the engine below it judges workloads");

    @ArchTest
    static final ArchRule only_the_registry_client_speaks_http = noClasses()
            .that()
            .resideOutsideOfPackage("io.weighbridge.image.registry..")
            .should()
            .dependOnClassesThat(describe(
                    "an HTTP client (Vert.x HttpClient, NetClient, WebClient, java.net.http," + " HttpURLConnection)",
                    ArchitectureTest::isHttpClient))
            .as("only image.registry uses an HTTP client")
            .because("every registry request goes through image.registry, which guards addresses, sends credentials"
                    + " only where a rule says, bounds bodies and keeps the deadline");

    @ArchTest
    static final ArchRule only_metrics_classes_make_meters = noClasses()
            .that()
            .haveSimpleNameNotEndingWith("Metrics")
            // Exception on main today: the API's access counter is made where the decision is.
            .and()
            .doNotHaveFullyQualifiedName("io.weighbridge.access.ApiAccess")
            .should()
            .dependOnClassesThat(describe("a Micrometer meter or builder", ArchitectureTest::isMeterType))
            .as("only *Metrics classes make Micrometer meters")
            .because("each area records its metrics in one *Metrics class, named from MetricNames;"
                    + " the rest of the code only hands a MeterRegistry on");

    @ArchTest
    static final ArchRule deadlines_start_at_entry_points = noClasses()
            .that()
            .doNotHaveFullyQualifiedName("io.weighbridge.admission.ValidateResource")
            .and()
            .doNotHaveFullyQualifiedName("io.weighbridge.admission.AdmissionWarmUp")
            .and()
            .doNotHaveFullyQualifiedName("io.weighbridge.check.DryRun")
            .and()
            .doNotHaveFullyQualifiedName("io.weighbridge.audit.ClusterAudit")
            .and()
            .doNotHaveFullyQualifiedName("io.weighbridge.build.BuildOutputJudge")
            // Work that outlives its first caller: a fetch others may join, base detection cached for next time.
            .and()
            .doNotHaveFullyQualifiedName("io.weighbridge.image.RegistryImageWeigher")
            .and()
            .doNotHaveFullyQualifiedName("io.weighbridge.image.BaseDetector")
            .and()
            .doNotHaveFullyQualifiedName("io.weighbridge.image.Deadline")
            .should()
            .callMethod(Deadline.class, "in", Duration.class)
            .as("a Deadline starts (Deadline.in) only at an entry point, or for work that outlives its caller")
            .because("a Deadline is made once where the work enters, from that entry point's one setting,"
                    + " and handed down; a layer below that starts its own would outlive the answer");

    /** MetricNames' constants are inlined by javac, so the bytecode cannot tell where a name is spelled: the sources can. */
    @Test
    void metric_names_are_spelled_only_in_metric_names() throws IOException {
        Set<String> names = metricNames();
        Pattern literal = Pattern.compile("\"(weighbridge[._][a-z0-9_.]+)\"");
        Path sources = Path.of("src/main/java");
        Path home = sources.resolve(MetricNames.class.getName().replace('.', '/') + ".java");
        List<String> copies = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.equals(home))
                    .toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = literal.matcher(lines.get(i));
                    while (m.find()) {
                        if (names.contains(m.group(1))) {
                            copies.add(file + ":" + (i + 1) + " spells " + m.group(1) + "; use MetricNames");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), copies, "metric names belong in MetricNames alone, so docs, alerts and code agree");
    }

    private static Set<String> metricNames() {
        Set<String> names = new HashSet<>(MetricNames.prometheusNames());
        for (Field field : MetricNames.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    String value = (String) field.get(null);
                    if (value.startsWith("weighbridge.")) {
                        names.add(value);
                        names.add(value.replace('.', '_'));
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return names;
    }

    private static DescribedPredicate<JavaClass> workloadModel() {
        Set<String> podSpecHolders = Set.of(
                "Pod",
                "PodSpec",
                "PodTemplateSpec",
                "Container",
                "EphemeralContainer",
                "ReplicationController",
                "ReplicationControllerSpec");
        return describe(
                "a fabric8 workload model class (pods, pod specs, containers, apps, batch, DeploymentConfig)",
                c -> resideInAnyPackage(
                                        "io.fabric8.kubernetes.api.model.apps..",
                                        "io.fabric8.kubernetes.api.model.batch..")
                                .test(c)
                        || c.getPackageName().equals("io.fabric8.kubernetes.api.model")
                                && podSpecHolders.contains(c.getSimpleName())
                        || c.getPackageName().equals("io.fabric8.openshift.api.model")
                                && c.getSimpleName().startsWith("DeploymentConfig"));
    }

    private static boolean isHttpClient(JavaClass c) {
        String name = c.getName();
        return name.startsWith("io.vertx.core.http.HttpClient")
                || name.equals("io.vertx.core.http.RequestOptions")
                || name.startsWith("io.vertx.core.http.WebSocketClient")
                || name.startsWith("io.vertx.core.net.NetClient")
                || name.startsWith("io.vertx.ext.web.client.")
                || name.startsWith("java.net.http.")
                || name.equals("java.net.HttpURLConnection");
    }

    private static boolean isMeterType(JavaClass c) {
        return c.getPackageName().equals("io.micrometer.core.instrument")
                && Set.of(
                                "Counter",
                                "Timer",
                                "Gauge",
                                "DistributionSummary",
                                "FunctionCounter",
                                "FunctionTimer",
                                "MultiGauge",
                                "LongTaskTimer",
                                "TimeGauge")
                        .contains(c.getSimpleName().replaceAll("\\$.*", ""));
    }
}
