package io.weighbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.weighbridge.workload.GroupKind;
import io.weighbridge.workload.WorkloadKinds;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Renders charts/weighbridge with Helm itself (helm-java) and checks every object with fabric8. */
class HelmChartTest {

    static final Path CHART = Path.of("charts/weighbridge");
    static final String NAMESPACE = "weighbridge-system";

    static final Set<String> CORE_KINDS = Set.of(
            "ClusterRole",
            "ClusterRoleBinding",
            "ConfigMap",
            "CustomResourceDefinition",
            "Deployment",
            "NetworkPolicy",
            "PodDisruptionBudget",
            "Role",
            "RoleBinding",
            "Service",
            "ServiceAccount",
            "ValidatingWebhookConfiguration");

    @BeforeAll
    static void nativeLibraryStaysInTheBuildFolder() {
        if (System.getProperty("jna.tmpdir") == null) {
            System.setProperty(
                    "jna.tmpdir", Path.of("target", "jna").toAbsolutePath().toString());
        }
    }

    static TemplateCommand template() {
        // helm-java renders like `helm install --dry-run`, not client-only: `lookup` would need a cluster.
        return new Helm(CHART)
                .template()
                .withName("weighbridge")
                .withNamespace(NAMESPACE)
                .set("tls.selfSigned.reuseExisting", false);
    }

    static Rendered render(String source, TemplateCommand command) {
        return Rendered.parse(source, command.call());
    }

    static Rendered renderCi(String variant) {
        return render(
                "helm ci/" + variant,
                template().withValuesFile(CHART.resolve("ci").resolve(variant + "-values.yaml")));
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertFalse(result.isFailed(), () -> "helm lint --strict: " + result.getMessages());
    }

    /** One row per ci/*-values.yaml: the kinds it adds to the core ones. */
    record CiVariant(String name, String failurePolicy, Set<String> extraKinds) {}

    static Stream<CiVariant> ciVariants() {
        return Stream.of(
                new CiVariant(
                        "certmanager", "Ignore", Set.of("Certificate", "Issuer", "ServiceMonitor", "PrometheusRule")),
                new CiVariant("openshift", "Ignore", Set.of("ServiceMonitor", "PrometheusRule")),
                new CiVariant("existingsecret", "Fail", Set.of()),
                new CiVariant("selfsigned", "Ignore", Set.of("Secret")));
    }

    @Test
    void everyCiValuesFileIsCovered() throws Exception {
        try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
            Set<String> onDisk =
                    new TreeSet<>(files.map(p -> p.getFileName().toString().replace("-values.yaml", ""))
                            .toList());
            assertEquals(onDisk, new TreeSet<>(ciVariants().map(CiVariant::name).toList()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciVariants")
    void everyCiVariantRendersASafeInstall(CiVariant variant) throws Exception {
        Rendered r = renderCi(variant.name());
        Set<String> expected = new TreeSet<>(CORE_KINDS);
        expected.addAll(variant.extraKinds());
        if (variant.name().equals("openshift")) {
            expected.add("ConfigMap"); // the dashboard
        }
        assertEquals(expected, r.kinds(), r.source() + ": kinds");
        InstallGuarantees.assertAll(r, 2, variant.failurePolicy());
        InstallGuarantees.assertServesTlsFromTheSecret(r);
        InstallGuarantees.assertInstallsTheCrds(r);
        assertTrue(InstallGuarantees.webhook(r)
                .getNamespaceSelector()
                .getMatchExpressions()
                .get(0)
                .getValues()
                .contains(NAMESPACE));
    }

    @Test
    void selfSignedModeGeneratesACertificateForTheServiceAndTrustsItsCa() throws Exception {
        Rendered r = renderCi("selfsigned");
        Secret secret = r.one(Secret.class);
        assertEquals(InstallGuarantees.tlsSecretName(r), secret.getMetadata().getName());
        assertEquals("kubernetes.io/tls", secret.getType());
        byte[] caBundle =
                InstallGuarantees.webhook(r).getClientConfig().getCaBundle().getBytes(StandardCharsets.US_ASCII);
        X509Certificate ca = certificate(Base64.getDecoder().decode(caBundle));
        X509Certificate serving =
                certificate(Base64.getDecoder().decode(secret.getData().get("tls.crt")));
        serving.verify(ca.getPublicKey()); // throws unless the CA in the webhook signed the served certificate
        serving.checkValidity();
        Set<String> names = new TreeSet<>();
        serving.getSubjectAlternativeNames().forEach(san -> names.add(String.valueOf(san.get(1))));
        String service = r.one(Service.class).getMetadata().getName();
        assertTrue(names.contains(service + "." + NAMESPACE + ".svc"), "SANs: " + names);
    }

    private static X509Certificate certificate(byte[] pem) throws Exception {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }

    @Test
    void openshiftModeAsksTheServiceCaForCertificateAndCaBundle() {
        Rendered r = renderCi("openshift");
        assertEquals(
                InstallGuarantees.tlsSecretName(r),
                r.one(Service.class)
                        .getMetadata()
                        .getAnnotations()
                        .get("service.beta.openshift.io/serving-cert-secret-name"));
        ValidatingWebhookConfiguration config = r.one(ValidatingWebhookConfiguration.class);
        assertEquals("true", config.getMetadata().getAnnotations().get("service.beta.openshift.io/inject-cabundle"));
        assertNull(InstallGuarantees.webhook(r).getClientConfig().getCaBundle());
        assertTrue(r.ofKind("ConfigMap").stream()
                .anyMatch(c -> "1".equals(c.getMetadata().getLabels().get("grafana_dashboard"))));
    }

    @Test
    void certManagerModeIssuesTheMountedSecretAndInjectsItsCa() {
        Rendered r = renderCi("certmanager");
        GenericKubernetesResource serving = r.ofKind("Certificate").stream()
                .map(GenericKubernetesResource.class::cast)
                .filter(c -> InstallGuarantees.tlsSecretName(r).equals(spec(c).get("secretName")))
                .findFirst()
                .orElseThrow();
        assertEquals(
                NAMESPACE + "/" + serving.getMetadata().getName(),
                r.one(ValidatingWebhookConfiguration.class)
                        .getMetadata()
                        .getAnnotations()
                        .get("cert-manager.io/inject-ca-from"));
        String service = r.one(Service.class).getMetadata().getName();
        assertTrue(((List<?>) spec(serving).get("dnsNames")).contains(service + "." + NAMESPACE + ".svc"));
    }

    @Test
    void existingSecretModeMountsThatSecretAndUsesTheGivenCaBundle() {
        Rendered r = renderCi("existingsecret");
        assertEquals("my-webhook-tls", InstallGuarantees.tlsSecretName(r));
        assertTrue(InstallGuarantees.webhook(r).getClientConfig().getCaBundle().startsWith("LS0tLS1CRUdJTi"));
        assertTrue(r.all(Secret.class).isEmpty(), "the chart creates no Secret of its own");
        assertEquals(
                "https",
                InstallGuarantees.webhookContainer(r)
                        .getReadinessProbe()
                        .getHttpGet()
                        .getPort()
                        .getStrVal(),
                "management.enabled=false: probes go to the HTTPS port");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(HasMetadata resource) {
        return (Map<String, Object>)
                ((GenericKubernetesResource) resource).getAdditionalProperties().get("spec");
    }

    /** A values matrix beyond the ci files: what each setting must change, and only that. */
    record Row(String name, Map<String, Object> values, int replicas, String failurePolicy) {}

    static Stream<Row> valuesMatrix() {
        return Stream.of(
                new Row("defaults", Map.of(), 2, "Ignore"),
                new Row("strict", Map.of("webhook.failurePolicy", "Fail"), 2, "Fail"),
                new Row("three replicas", Map.of("replicaCount", 3), 3, "Ignore"),
                new Row("extra exclusions", Map.of("webhook.excludeNamespaces[0]", "legacy"), 2, "Ignore"),
                new Row("health over https", Map.of("management.enabled", false), 2, "Ignore"),
                new Row("existing policies", Map.of("policies.existingConfigMap", "site-policies"), 2, "Ignore"),
                new Row("build watch", Map.of("builds.watch.enabled", true), 2, "Ignore"),
                new Row("autoscaling", Map.of("autoscaling.enabled", true), 2, "Ignore"),
                new Row(
                        "autoscaling from 3",
                        Map.of("autoscaling.enabled", true, "autoscaling.minReplicas", 3, "replicaCount", 1),
                        3,
                        "Ignore"),
                new Row(
                        "cert-manager issuer",
                        Map.of(
                                "tls.mode",
                                "certManager",
                                "tls.certManager.issuerRef.kind",
                                "ClusterIssuer",
                                "tls.certManager.issuerRef.name",
                                "corp-ca"),
                        2,
                        "Ignore"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesMatrix")
    void everyValuesCombinationKeepsTheGuarantees(Row row) {
        TemplateCommand command = template();
        row.values().forEach(command::set);
        Rendered r = render("helm " + row.name(), command);
        InstallGuarantees.assertAll(r, row.replicas(), row.failurePolicy());
        InstallGuarantees.assertServesTlsFromTheSecret(r);
    }

    @Test
    void extraExcludedNamespacesJoinTheOwnAndSystemOnes() {
        Rendered r = render("helm", template().set("webhook.excludeNamespaces[0]", "legacy"));
        assertEquals(
                List.of(NAMESPACE, "kube-system", "kube-public", "kube-node-lease", "legacy"),
                InstallGuarantees.webhook(r)
                        .getNamespaceSelector()
                        .getMatchExpressions()
                        .get(0)
                        .getValues());
    }

    @Test
    void shippedPoliciesFillTheConfigMapAndInlineFilesJoinThem() {
        Rendered r = renderCi("selfsigned");
        ConfigMap policies = r.one(ConfigMap.class);
        assertEquals(
                Set.of("cluster-defaults.yaml", "ml-workloads.yaml", "team-a.yaml"),
                policies.getData().keySet());
        assertTrue(policies.getData().get("team-a.yaml").contains("maxSize: 2Gi"));
        assertEquals(
                policies.getMetadata().getName(),
                r
                        .one(io.fabric8.kubernetes.api.model.apps.Deployment.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes()
                        .stream()
                        .filter(v -> v.getName().equals("policies"))
                        .findFirst()
                        .orElseThrow()
                        .getConfigMap()
                        .getName());
        assertEquals("warn", InstallGuarantees.env(r, "WEIGHBRIDGE_POLICY_ENFORCEMENT_OVERRIDE"));
    }

    @Test
    void anExistingPolicyConfigMapReplacesTheChartsOwn() {
        Rendered r = render("helm", template().set("policies.existingConfigMap", "site-policies"));
        assertTrue(r.all(ConfigMap.class).isEmpty());
        assertTrue(r
                .one(io.fabric8.kubernetes.api.model.apps.Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes()
                .stream()
                .anyMatch(v ->
                        v.getConfigMap() != null && v.getConfigMap().getName().equals("site-policies")));
    }

    /**
     * The CRDs are templates (upgraded with the chart, unlike Helm's crds/ folder), kept on
     * uninstall unless crds.keep=false, and left out with crds.install=false, when the webhook may
     * still read the ones installed otherwise.
     */
    @Test
    void installsTheCrdsKeptOnUninstallAndLeavesThemOutWhenAskedTo() throws Exception {
        Rendered installed = render("helm", template());
        InstallGuarantees.assertInstallsTheCrds(installed);
        for (var crd : installed.all(CustomResourceDefinition.class)) {
            assertEquals(
                    "keep",
                    crd.getMetadata().getAnnotations().get("helm.sh/resource-policy"),
                    crd.getMetadata().getName());
        }

        Rendered notKept = render("helm", template().set("crds.keep", false));
        InstallGuarantees.assertInstallsTheCrds(notKept);
        assertTrue(notKept.all(CustomResourceDefinition.class).stream()
                .allMatch(crd -> crd.getMetadata().getAnnotations() == null
                        || !crd.getMetadata().getAnnotations().containsKey("helm.sh/resource-policy")));

        Rendered without = render("helm crds.install=false", template().set("crds.install", false));
        assertEquals(List.of(), without.all(CustomResourceDefinition.class));
        InstallGuarantees.assertAll(without, 2, "Ignore");
    }

    @Test
    void policyReportsAreOnByDefaultAndOffWithoutTheirPermissions() {
        Rendered on = render("helm", template());
        assertTrue(InstallGuarantees.policyReportsOn(on));
        assertTrue(InstallGuarantees.webhookClusterRole(on).getRules().stream()
                .anyMatch(rule -> rule.getApiGroups().contains("wgpolicyk8s.io")));
        InstallGuarantees.assertAll(on, 2, "Ignore");

        Rendered off = render("helm policyReports.enabled=false", template().set("policyReports.enabled", false));
        assertEquals("false", InstallGuarantees.env(off, "WEIGHBRIDGE_AUDIT_POLICY_REPORTS_ENABLED"));
        assertTrue(InstallGuarantees.webhookClusterRole(off).getRules().stream()
                .noneMatch(rule -> rule.getApiGroups().contains("wgpolicyk8s.io")));
        InstallGuarantees.assertAll(off, 2, "Ignore");
    }

    @Test
    void theBuildWatchIsOffWithoutPermissionsOnBuildsUnlessEnabled() {
        Rendered off = render("helm", template());
        assertFalse(InstallGuarantees.buildWatchOn(off));
        assertTrue(InstallGuarantees.webhookClusterRole(off).getRules().stream()
                .noneMatch(rule -> rule.getApiGroups().contains("build.openshift.io")));

        Rendered on = render("helm", template().set("builds.watch.enabled", true));
        assertTrue(InstallGuarantees.buildWatchOn(on));
        assertTrue(InstallGuarantees.webhookClusterRole(on).getRules().stream()
                .anyMatch(rule -> rule.getApiGroups().equals(List.of("build.openshift.io"))
                        && rule.getResources().equals(List.of("builds"))
                        && rule.getVerbs().equals(List.of("list", "watch"))));
        assertTrue(InstallGuarantees.buildWatchOn(renderCi("openshift")), "the OpenShift values turn it on");
    }

    @Test
    void proxyValuesBecomeTheRegistryProxySettingsWithCredentialsFromTheSecretAndTheTrustedCaMounted() {
        Container plain = InstallGuarantees.webhookContainer(render(
                "helm",
                template()
                        .set("proxy.https", "http://proxy.corp:3128")
                        .set("proxy.noProxy", ".corp.example,10.0.0.0/8")));
        assertEquals(
                "http://proxy.corp:3128",
                env(plain, "WEIGHBRIDGE_REGISTRY_PROXY_HTTPS").getValue());
        assertEquals(
                ".corp.example,10.0.0.0/8",
                env(plain, "WEIGHBRIDGE_REGISTRY_PROXY_NO_PROXY").getValue());
        assertTrue(
                plain.getEnv().stream().noneMatch(e -> e.getName().equals("HTTPS_PROXY")),
                "the standard variable would send the API client through the proxy too");

        Rendered withSecret = render(
                "helm",
                template()
                        .set("proxy.existingSecret", "weighbridge-proxy")
                        .set("proxy.trustedCaConfigMap", "weighbridge-trusted-ca"));
        Container container = InstallGuarantees.webhookContainer(withSecret);
        for (String key : List.of("https", "http")) {
            var reference = env(container, "WEIGHBRIDGE_REGISTRY_PROXY_" + key.toUpperCase(Locale.ROOT))
                    .getValueFrom()
                    .getSecretKeyRef();
            assertEquals("weighbridge-proxy", reference.getName());
            assertEquals(key, reference.getKey());
            assertTrue(reference.getOptional());
        }
        assertEquals(
                "/etc/weighbridge/trusted-ca/ca-bundle.crt",
                env(container, "WEIGHBRIDGE_REGISTRY_CA_FILE").getValue());
        assertTrue(container.getVolumeMounts().stream()
                .anyMatch(m -> m.getName().equals("trusted-ca")
                        && m.getMountPath().equals("/etc/weighbridge/trusted-ca")
                        && m.getReadOnly()));
        assertTrue(withSecret.one(Deployment.class).getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(v -> v.getName().equals("trusted-ca")
                        && v.getConfigMap().getName().equals("weighbridge-trusted-ca")));
        InstallGuarantees.assertAll(withSecret, 2, "Ignore");

        Exception both = assertThrows(
                Exception.class,
                () -> template()
                        .set("proxy.existingSecret", "weighbridge-proxy")
                        .set("proxy.https", "http://proxy.corp:3128")
                        .call());
        assertTrue(
                both.getMessage().contains("proxy.existingSecret replaces proxy.https and proxy.http"),
                both.getMessage());
        assertTrue(
                InstallGuarantees.webhookContainer(render("helm", template())).getEnv().stream()
                        .noneMatch(e -> e.getName().startsWith("WEIGHBRIDGE_REGISTRY_PROXY_")),
                "no proxy by default");
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " missing: " + container.getEnv()));
    }

    @Test
    void autoscalingIsOffByDefaultAndScalesOnCpuWhenEnabled() {
        Rendered off = render("helm", template());
        assertTrue(off.all(HorizontalPodAutoscaler.class).isEmpty());
        assertEquals(2, off.one(Deployment.class).getSpec().getReplicas());

        Rendered on = render(
                "helm",
                template()
                        .set("autoscaling.enabled", true)
                        .set("autoscaling.minReplicas", 3)
                        .set("autoscaling.maxReplicas", 12)
                        .set("autoscaling.targetCPUUtilizationPercentage", 60));
        HorizontalPodAutoscaler hpa = on.one(HorizontalPodAutoscaler.class);
        assertEquals(3, hpa.getSpec().getMinReplicas());
        assertEquals(12, hpa.getSpec().getMaxReplicas());
        assertEquals(
                60, hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization());
        assertNull(on.one(Deployment.class).getSpec().getReplicas(), "an upgrade must not reset what the HPA chose");
        InstallGuarantees.assertAll(on, 3, "Ignore");
    }

    static Stream<Arguments> replicaSettingsThatWouldBlockDrainsOrScaling() {
        return Stream.of(
                Arguments.of(
                        Map.of("replicaCount", 1), "replicaCount (1) must exceed podDisruptionBudget.minAvailable (1)"),
                Arguments.of(Map.of("podDisruptionBudget.minAvailable", 2), "replicaCount (2) must exceed"),
                Arguments.of(
                        Map.of("autoscaling.enabled", true, "autoscaling.minReplicas", 1),
                        "autoscaling.minReplicas (1) must exceed podDisruptionBudget.minAvailable (1)"),
                Arguments.of(
                        Map.of("autoscaling.enabled", true, "autoscaling.maxReplicas", 1),
                        "1 <= minReplicas <= maxReplicas"),
                Arguments.of(
                        Map.of("autoscaling.enabled", true, "autoscaling.targetCPUUtilizationPercentage", 0),
                        "targetCPUUtilizationPercentage must be between 1 and 100"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replicaSettingsThatWouldBlockDrainsOrScaling")
    void refusesReplicaSettingsThatWouldBlockDrainsOrScaling(Map<String, Object> values, String message) {
        TemplateCommand command = template();
        values.forEach(command::set);
        Exception e = assertThrows(Exception.class, command::call);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aSingleReplicaWithoutADisruptionBudgetIsAllowed() {
        Rendered r = render("helm", template().set("replicaCount", 1).set("podDisruptionBudget.enabled", false));
        assertEquals(1, r.one(Deployment.class).getSpec().getReplicas());
        assertTrue(r.all(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class)
                .isEmpty());
    }

    @Test
    void customWorkloadKindsGetAWebhookRuleInEveryVersionListForTheAuditAndTheirSettings() {
        Rendered r = renderCi("certmanager");

        WorkloadKinds configured = DeployedKinds.of(r);

        assertEquals(List.of("CloneSet", "Service", "Rollout"), configured.customNames());
        assertEquals(
                "spec.template.spec",
                configured
                        .find(new GroupKind("serving.knative.dev", "Service"))
                        .orElseThrow()
                        .podSpec()
                        .toString());
        assertEquals(
                List.of("v1alpha1"),
                configured
                        .find(new GroupKind("argoproj.io", "Rollout"))
                        .orElseThrow()
                        .versions());
        assertTrue(InstallGuarantees.webhook(r).getRules().stream()
                .anyMatch(rule -> rule.getApiGroups().equals(List.of("argoproj.io"))
                        && rule.getApiVersions().equals(List.of("*"))
                        && rule.getResources().equals(List.of("rollouts"))));
        assertTrue(InstallGuarantees.webhookClusterRole(r).getRules().stream()
                .anyMatch(rule -> rule.getApiGroups().equals(List.of("apps.kruise.io"))
                        && rule.getResources().equals(List.of("clonesets"))
                        && rule.getVerbs().equals(List.of("list"))));
        assertEquals(List.of(), DeployedKinds.of(render("helm", template())).custom(), "none by default");
    }

    @Test
    void refusesACustomKindWithoutExactlyOnePath() {
        TemplateCommand neither = template()
                .set("workloads.custom[0].name", "rollout")
                .set("workloads.custom[0].group", "argoproj.io")
                .set("workloads.custom[0].kind", "Rollout")
                .set("workloads.custom[0].versions[0]", "v1alpha1");
        Exception e = assertThrows(Exception.class, neither::call);
        assertTrue(
                e.getMessage().contains("workloads.custom[0] (rollout) needs either podTemplatePath or podSpecPath"),
                e.getMessage());
    }

    @Test
    void alertSeverityFollowsTheFailurePolicy() {
        String lenient = template().set("alerts.enabled", true).call();
        String strict = template()
                .set("alerts.enabled", true)
                .set("webhook.failurePolicy", "Fail")
                .call();
        assertTrue(lenient.contains("severity: warning") && lenient.contains("alert: WeighbridgeDown"));
        assertTrue(strict.contains("severity: critical"));
    }

    record Refusal(String key, Object value, String message) {}

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal("tls.mode", "letsencrypt", "tls.mode must be"),
                new Refusal("webhook.failurePolicy", "Warn", "webhook.failurePolicy must be"),
                new Refusal("webhook.timeoutSeconds", 8, "above the webhook's 8s deadline"),
                new Refusal("enforcement", "audit", "enforcement must be"),
                new Refusal("tls.mode", "existingSecret", "tls.existingSecret."),
                new Refusal("networkPolicy.apiServerCidrs[0]", "control-plane", "is not a CIDR"),
                new Refusal(
                        "workloads.custom[0].name",
                        "argo-rollout",
                        "workloads.custom[0].name must be lowercase letters and digits (such as rollout), not \"argo-rollout\""),
                new Refusal(
                        "workloads.custom[0].name",
                        "rollout",
                        "workloads.custom[0] (rollout) needs group, kind and versions"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("refusals")
    void refusesValuesThatWouldBreakTheWebhook(Refusal refusal) {
        Exception e = assertThrows(
                Exception.class,
                () -> template().set(refusal.key(), refusal.value()).call());
        assertTrue(e.getMessage().contains(refusal.message()), e.getMessage());
    }

    @Test
    void theWebhookPortAdmitsOnlyTheApiServerOnceItsAddressesAreGiven() {
        NetworkPolicy open = render("helm", template()).one(NetworkPolicy.class);
        assertTrue(InstallGuarantees.webhookPortRule(open).getFrom().isEmpty(), "no addresses given: any source");

        Rendered narrowed = render(
                "helm",
                template()
                        .set("networkPolicy.apiServerCidrs[0]", "10.0.0.0/28")
                        .set("networkPolicy.apiServerCidrs[1]", "192.0.2.10/32"));
        NetworkPolicy policy = narrowed.one(NetworkPolicy.class);
        assertEquals(
                List.of("10.0.0.0/28", "192.0.2.10/32"),
                InstallGuarantees.webhookPortRule(policy).getFrom().stream()
                        .map(peer -> peer.getIpBlock().getCidr())
                        .toList());
        InstallGuarantees.assertNetworkPolicy(narrowed);

        Rendered healthOverHttps = render(
                "helm",
                template().set("management.enabled", false).set("networkPolicy.apiServerCidrs[0]", "10.0.0.0/28"));
        NetworkPolicy shared = healthOverHttps.one(NetworkPolicy.class);
        assertEquals(1, shared.getSpec().getIngress().size(), "one port");
        assertEquals(2, InstallGuarantees.webhookPortRule(shared).getFrom().size(), "the API server and Prometheus");

        assertFalse(render("helm", template().set("networkPolicy.enabled", false))
                .kinds()
                .contains("NetworkPolicy"));
    }

    /** The same JVM settings as the image and the kustomize Deployment (JvmSettingsTest). */
    @Test
    void theChartSetsTheImagesJvmSettings() {
        Rendered r = render("helm", template());

        assertEquals(
                io.weighbridge.build.ImageBuilder.JAVA_TOOL_OPTIONS, InstallGuarantees.env(r, "JAVA_TOOL_OPTIONS"));
        assertEquals(io.weighbridge.build.ImageBuilder.MALLOC_ARENA_MAX, InstallGuarantees.env(r, "MALLOC_ARENA_MAX"));
    }

    @Test
    void anAdminBindsTheApiUserRoleTheChartBindsNothingToIt() {
        Rendered r = render("helm", template());
        ClusterRole apiUser = InstallGuarantees.apiUserClusterRole(r);
        assertTrue(r.all(ClusterRoleBinding.class).stream()
                .noneMatch(binding -> binding.getRoleRef()
                        .getName()
                        .equals(apiUser.getMetadata().getName())));
    }

    @Test
    void everyValueIsDocumentedInValuesAndReadme() throws Exception {
        List<String> lines = Files.readAllLines(CHART.resolve("values.yaml"));
        String readme = Files.readString(CHART.resolve("README.md"));
        for (String key : ValuesKeys.leafKeys(lines)) {
            assertTrue(readme.contains("`" + key + "`"), "charts/weighbridge/README.md lacks " + key);
        }
        for (String key : ValuesKeys.undocumented(lines)) {
            throw new AssertionError("values.yaml: " + key + " has no `# --` comment");
        }
    }
}
