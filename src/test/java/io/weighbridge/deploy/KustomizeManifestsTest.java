package io.weighbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.weighbridge.workload.GroupKind;
import io.weighbridge.workload.WorkloadKinds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Renders deploy/ with kustomize (nothing is installed anywhere) and checks it with fabric8. */
class KustomizeManifestsTest {

    static final Path DEPLOY = Path.of("deploy");
    static final Set<String> BASE_KINDS = Set.of(
            "ClusterRole",
            "ClusterRoleBinding",
            "ConfigMap",
            "CustomResourceDefinition",
            "Deployment",
            "Namespace",
            "NetworkPolicy",
            "PodDisruptionBudget",
            "Role",
            "RoleBinding",
            "Service",
            "ServiceAccount",
            "ValidatingWebhookConfiguration");

    /** {@code kustomize build}, or {@code kubectl kustomize}: whichever carries kustomize v4 or newer. */
    private static List<String> kustomizeCommand;

    @BeforeAll
    static void kustomizeV4OrNewerIsInstalled() {
        kustomizeCommand = Stream.of(
                        new Candidate(List.of("kustomize", "version"), List.of("kustomize", "build")),
                        new Candidate(List.of("kubectl", "version", "--client"), List.of("kubectl", "kustomize")))
                .filter(Candidate::carriesKustomizeV4)
                .map(Candidate::render)
                .findFirst()
                .orElse(null);
        if (kustomizeCommand == null) {
            fail("no kustomize v4+ found (neither `kustomize` nor `kubectl kustomize`): run .ci/install-test-tools");
        }
    }

    private record Candidate(List<String> version, List<String> render) {
        private static final Pattern MAJOR = Pattern.compile("(?:kustomize/|Kustomize Version: )v(\\d+)");

        boolean carriesKustomizeV4() {
            try {
                Matcher m = MAJOR.matcher(run(version));
                return m.find() && Integer.parseInt(m.group(1)) >= 4;
            } catch (IOException | InterruptedException | AssertionError e) {
                return false;
            }
        }
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + err);
        }
        if (!err.isBlank()) {
            throw new AssertionError(String.join(" ", command) + " warned: " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static Rendered kustomize(String dir) throws Exception {
        return kustomize(DEPLOY.resolve(dir), "deploy/" + dir);
    }

    static Rendered kustomize(Path dir, String source) throws Exception {
        List<String> command = new java.util.ArrayList<>(kustomizeCommand);
        command.add(dir.toString());
        return Rendered.parse(source, run(command));
    }

    /** The component that leaves the CRDs out takes nothing else away, the ClusterRole included. */
    @Test
    void theWithoutCrdsComponentLeavesOutTheCrdsAlone() throws Exception {
        Rendered r = baseWith("without-crds");
        Set<String> expected = new TreeSet<>(BASE_KINDS);
        expected.remove("CustomResourceDefinition");
        assertEquals(expected, r.kinds(), r.source() + ": kinds");
        assertEquals(
                kustomize("base").objects().size() - CrdManifestsTest.crds().count(),
                r.objects().size());
        InstallGuarantees.assertAll(r, 2, "Ignore");
    }

    /** An admin's overlay of the base and one component, as the component's comment tells them to write it. */
    static Rendered baseWith(String component) throws Exception {
        Path overlay = Path.of("target", "kustomize-" + component);
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../deploy/base
                components:
                  - ../../deploy/components/%s
                """.formatted(component));
        return kustomize(overlay, "deploy/base + components/" + component);
    }

    record Path_(String dir, Set<String> extraKinds) {
        @Override
        public String toString() {
            return dir;
        }
    }

    static Stream<Path_> installPaths() {
        return Stream.of(
                new Path_("base", Set.of()),
                new Path_("overlays/openshift", Set.of("ServiceMonitor", "PrometheusRule")),
                new Path_("overlays/cert-manager", Set.of("Certificate", "Issuer")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installPaths")
    void everyInstallPathRendersASafeInstall(Path_ path) throws Exception {
        Rendered r = kustomize(path.dir());
        Set<String> expected = new TreeSet<>(BASE_KINDS);
        expected.addAll(path.extraKinds());
        assertEquals(expected, r.kinds(), r.source() + ": kinds");
        InstallGuarantees.assertAll(r, 2, "Ignore");
        InstallGuarantees.assertServesTlsFromTheSecret(r);
        InstallGuarantees.assertInstallsTheCrds(r);
        assertEquals("weighbridge-tls", InstallGuarantees.tlsSecretName(r));
        Namespace namespace = r.one(Namespace.class);
        assertEquals(
                namespace.getMetadata().getName(),
                r.one(Deployment.class).getMetadata().getNamespace());
        assertEquals("restricted", namespace.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
        assertTrue(
                InstallGuarantees.webhook(r).getMatchConditions().stream()
                        .anyMatch(c -> c.getExpression().contains("startsWith('openshift-')")),
                "openshift-* skipped");
        assertEquals(
                path.dir().equals("overlays/openshift"),
                InstallGuarantees.buildWatchOn(r),
                r.source() + ": only the OpenShift overlay watches builds");
    }

    @Test
    void baseLeavesTheCaBundleToTheAdminAndOverlaysInjectIt() throws Exception {
        assertNull(
                InstallGuarantees.webhook(kustomize("base")).getClientConfig().getCaBundle());

        Rendered openshift = kustomize("overlays/openshift");
        assertEquals(
                "weighbridge-tls",
                openshift
                        .one(Service.class)
                        .getMetadata()
                        .getAnnotations()
                        .get("service.beta.openshift.io/serving-cert-secret-name"));
        assertEquals(
                "true",
                openshift
                        .one(ValidatingWebhookConfiguration.class)
                        .getMetadata()
                        .getAnnotations()
                        .get("service.beta.openshift.io/inject-cabundle"));

        Rendered certManager = kustomize("overlays/cert-manager");
        GenericKubernetesResource serving = certManager.ofKind("Certificate").stream()
                .map(GenericKubernetesResource.class::cast)
                .filter(c -> "weighbridge-tls".equals(spec(c).get("secretName")))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "weighbridge/" + serving.getMetadata().getName(),
                certManager
                        .one(ValidatingWebhookConfiguration.class)
                        .getMetadata()
                        .getAnnotations()
                        .get("cert-manager.io/inject-ca-from"));
        assertTrue(((List<?>) spec(serving).get("dnsNames")).contains("weighbridge.weighbridge.svc"));
    }

    @Test
    void policiesConfigMapCarriesEveryShippedPolicyAndIsMounted() throws Exception {
        Rendered r = kustomize("base");
        ConfigMap policies = r.one(ConfigMap.class);
        Set<String> shipped = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("policies"))) {
            files.forEach(f -> shipped.add(f.getFileName().toString()));
        }
        assertEquals(
                shipped,
                new TreeSet<>(policies.getData().keySet()),
                "list new policies in deploy/base/kustomization.yaml");
        assertTrue(
                r.one(Deployment.class).getSpec().getTemplate().getSpec().getVolumes().stream()
                        .anyMatch(v -> v.getConfigMap() != null
                                && v.getConfigMap()
                                        .getName()
                                        .equals(policies.getMetadata().getName())),
                "the hashed ConfigMap name reaches the Deployment");
    }

    /** The patch deploy/README.md gives under "Network policy", applied to a copy of the base as an overlay would. */
    @Test
    void theDocumentedNetworkPolicyPatchAdmitsOnlyTheGivenAddressesToTheWebhookPort(@TempDir Path dir)
            throws Exception {
        String readme = Files.readString(DEPLOY.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Network policy"));
        Matcher patch = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertTrue(patch.find(), "deploy/README.md: no yaml block under Network policy");
        copyTree(DEPLOY.resolve("base"), dir.resolve("base"));
        copyTree(DEPLOY.resolve("crds"), dir.resolve("crds"));
        Files.createDirectories(dir.resolve("overlay"));
        Files.writeString(dir.resolve("overlay/kustomization.yaml"), "resources:\n  - ../base\n" + patch.group(1));

        List<String> command = new java.util.ArrayList<>(kustomizeCommand);
        command.add(dir.resolve("overlay").toString());
        Rendered r = Rendered.parse("README patch", run(command));

        NetworkPolicy policy = r.one(NetworkPolicy.class);
        assertEquals(
                List.of("10.0.0.10/32", "10.0.0.11/32"),
                InstallGuarantees.webhookPortRule(policy).getFrom().stream()
                        .map(peer -> peer.getIpBlock().getCidr())
                        .toList());
        InstallGuarantees.assertNetworkPolicy(r);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    @Test
    void theAutoscalingComponentHandsTheReplicaCountToAnAutoscalerOnCpu() throws Exception {
        Rendered r = baseWith("autoscaling");
        Set<String> expected = new TreeSet<>(BASE_KINDS);
        expected.add("HorizontalPodAutoscaler");
        assertEquals(expected, r.kinds(), r.source() + ": kinds");
        InstallGuarantees.assertAll(r, 2, "Ignore");
        assertEquals(
                70,
                r.one(HorizontalPodAutoscaler.class)
                        .getSpec()
                        .getMetrics()
                        .get(0)
                        .getResource()
                        .getTarget()
                        .getAverageUtilization());
        assertEquals(
                2, kustomize("base").one(Deployment.class).getSpec().getReplicas(), "the base keeps its own count");
    }

    @Test
    void theEgressProxyComponentReadsTheProxySettingsFromTheOverlaysConfigMapAndTheTrustedCaIsMounted()
            throws Exception {
        Path overlay = Files.createDirectories(Path.of("target", "kustomize", "egress-proxy"));
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../../deploy/base
                components:
                  - ../../../deploy/components/egress-proxy
                  - ../../../deploy/components/openshift-trusted-ca
                configMapGenerator:
                  - name: weighbridge-proxy
                    namespace: weighbridge
                    literals:
                      - https=http://proxy.corp.example:3128
                      - no-proxy=.corp.example,10.0.0.0/8
                """);
        Rendered r = kustomize(overlay, "base with egress-proxy and openshift-trusted-ca");

        InstallGuarantees.assertAll(r, 2, "Ignore");
        Container container = InstallGuarantees.webhookContainer(r);
        Map<String, String> proxySettings = new java.util.TreeMap<>();
        for (String name : List.of(
                "WEIGHBRIDGE_REGISTRY_PROXY_HTTPS",
                "WEIGHBRIDGE_REGISTRY_PROXY_HTTP",
                "WEIGHBRIDGE_REGISTRY_PROXY_NO_PROXY")) {
            var reference = container.getEnv().stream()
                    .filter(e -> e.getName().equals(name))
                    .findFirst()
                    .orElseThrow()
                    .getValueFrom()
                    .getConfigMapKeyRef();
            ConfigMap proxy = r.all(ConfigMap.class).stream()
                    .filter(c -> c.getMetadata().getName().equals(reference.getName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the hashed name of weighbridge-proxy reaches " + name));
            Optional.ofNullable(proxy.getData().get(reference.getKey()))
                    .ifPresent(value -> proxySettings.put(name, value));
        }
        assertEquals(
                Map.of(
                        "WEIGHBRIDGE_REGISTRY_PROXY_HTTPS",
                        "http://proxy.corp.example:3128",
                        "WEIGHBRIDGE_REGISTRY_PROXY_NO_PROXY",
                        ".corp.example,10.0.0.0/8"),
                proxySettings);

        ConfigMap trusted = r.all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("weighbridge-trusted-ca"))
                .findFirst()
                .orElseThrow();
        assertEquals("true", trusted.getMetadata().getLabels().get("config.openshift.io/inject-trusted-cabundle"));
        assertEquals("weighbridge", trusted.getMetadata().getNamespace());
        assertTrue(container.getEnv().stream()
                .anyMatch(e -> e.getName().equals("WEIGHBRIDGE_REGISTRY_CA_FILE")
                        && e.getValue().equals("/etc/weighbridge/trusted-ca/ca-bundle.crt")));
        assertTrue(container.getVolumeMounts().stream()
                .anyMatch(m ->
                        m.getName().equals("trusted-ca") && m.getMountPath().equals("/etc/weighbridge/trusted-ca")));
        assertTrue(r.one(Deployment.class).getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(v -> v.getName().equals("trusted-ca")
                        && v.getConfigMap().getName().equals("weighbridge-trusted-ca")));
    }

    /** The custom workload components, each adding one kind; an admin adds those of the kinds the cluster runs. */
    static final List<String> WORKLOAD_COMPONENTS =
            List.of("workload-argo-rollouts", "workload-openkruise-cloneset", "workload-knative-service");

    @Test
    void theCustomWorkloadComponentsAddTheirKindsRulesAndAuditListingTogether() throws Exception {
        Path overlay = Files.createDirectories(Path.of("target", "kustomize", "custom-workloads"));
        StringBuilder kustomization = new StringBuilder("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../../deploy/base
                components:
                """);
        WORKLOAD_COMPONENTS.forEach(component -> kustomization
                .append("  - ../../../deploy/components/")
                .append(component)
                .append('\n'));
        Files.writeString(overlay.resolve("kustomization.yaml"), kustomization);

        Rendered r = kustomize(overlay, "base with " + WORKLOAD_COMPONENTS);

        InstallGuarantees.assertAll(r, 2, "Ignore");
        WorkloadKinds configured = DeployedKinds.of(r);
        assertEquals(List.of("CloneSet", "Service", "Rollout"), configured.customNames());
        assertEquals(
                "spec.template.spec",
                configured
                        .find(new GroupKind("argoproj.io", "Rollout"))
                        .orElseThrow()
                        .podSpec()
                        .toString());
        assertEquals(
                "spec.template.spec",
                configured
                        .find(new GroupKind("serving.knative.dev", "Service"))
                        .orElseThrow()
                        .podSpec()
                        .toString());
        assertEquals(
                List.of(), DeployedKinds.of(kustomize("base")).custom(), "the base judges the built-in kinds only");
    }

    @Test
    void everyWorkloadComponentIsTested() throws Exception {
        try (Stream<Path> folders = Files.list(DEPLOY.resolve("components"))) {
            assertEquals(
                    new TreeSet<>(WORKLOAD_COMPONENTS),
                    folders.map(f -> f.getFileName().toString())
                            .filter(name -> name.startsWith("workload-"))
                            .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
