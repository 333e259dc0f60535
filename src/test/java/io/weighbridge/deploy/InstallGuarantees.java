package io.weighbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.weighbridge.audit.PolicyReportWriter;
import io.weighbridge.cluster.WeighbridgeResources;
import io.weighbridge.workload.WorkloadKind;
import io.weighbridge.workload.WorkloadKinds;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every install path (the chart in each mode, the kustomize base and overlays) must
 * guarantee, asserted on fabric8 models of the rendered objects.
 */
final class InstallGuarantees {

    /** The ClusterRole besides what the audit lists (see {@link #auditPermissions}): group/resource:verb. */
    static final Set<String> CLUSTER_PERMISSIONS = Set.of(
            "/secrets:get", "/serviceaccounts:get",
            "image.openshift.io/imagestreamtags:get", "image.openshift.io/imagestreamimages:get",
            "authentication.k8s.io/tokenreviews:create", "authorization.k8s.io/subjectaccessreviews:create");

    /** The ClusterRole an admin binds to let users call the dry-run and audit API, exactly. */
    static final Set<String> API_USER_PERMISSIONS = Set.of("weighbridge.io/checks:create", "weighbridge.io/audits:get");

    /** What the build watch adds to the ClusterRole, exactly when it is on. */
    static final Set<String> BUILD_WATCH_PERMISSIONS =
            Set.of("build.openshift.io/builds:list", "build.openshift.io/builds:watch");

    /** Policies and exceptions as cluster resources: informers list and watch, the Lease holder updates status. */
    static final Set<String> POLICY_RESOURCE_PERMISSIONS = Set.of(
            "weighbridge.io/clusterimagesizepolicies:list",
            "weighbridge.io/clusterimagesizepolicies:watch",
            "weighbridge.io/imagesizepolicies:list",
            "weighbridge.io/imagesizepolicies:watch",
            "weighbridge.io/imagesizeexceptions:list",
            "weighbridge.io/imagesizeexceptions:watch",
            "weighbridge.io/clusterimagesizepolicies/status:update",
            "weighbridge.io/imagesizepolicies/status:update",
            "weighbridge.io/imagesizeexceptions/status:update");

    /** What the audit's PolicyReports add to the ClusterRole, exactly when they are on. */
    static final Set<String> POLICY_REPORT_PERMISSIONS = Set.of(
            "wgpolicyk8s.io/policyreports:get",
            "wgpolicyk8s.io/policyreports:list",
            "wgpolicyk8s.io/policyreports:create",
            "wgpolicyk8s.io/policyreports:update",
            "wgpolicyk8s.io/policyreports:delete",
            "wgpolicyk8s.io/clusterpolicyreports:get",
            "wgpolicyk8s.io/clusterpolicyreports:create",
            "wgpolicyk8s.io/clusterpolicyreports:update",
            "wgpolicyk8s.io/clusterpolicyreports:delete");

    /** fabric8's leader election (LeaseLock): reads the Lease, creates it, renews and takes it over by merge patch. */
    static final Set<String> NAMESPACE_PERMISSIONS = Set.of(
            "coordination.k8s.io/leases:get", "coordination.k8s.io/leases:create", "coordination.k8s.io/leases:patch");

    /**
     * The calls the webhook makes for its cluster resources, taken from the code's own names of the
     * resources (a kind added there must be granted here): call → group/resource:verb.
     */
    static Map<String, String> clusterResourceCalls() {
        Map<String, String> calls = new java.util.LinkedHashMap<>();
        for (WeighbridgeResources kind : WeighbridgeResources.values()) {
            String resource = WeighbridgeResources.GROUP + "/" + kind.plural();
            calls.put("ClusterResources: informer lists " + kind.kind(), resource + ":list");
            calls.put("ClusterResources: informer watches " + kind.kind(), resource + ":watch");
            calls.put("StatusWriter: updateStatus of " + kind.kind(), resource + "/status:update");
        }
        return calls;
    }

    /** The PolicyReport calls of {@link PolicyReportWriter}: call → group/resource:verb. */
    static Map<String, String> policyReportCalls() {
        String reports = PolicyReportWriter.REPORTS.getGroup() + "/" + PolicyReportWriter.REPORTS.getPlural();
        String cluster =
                PolicyReportWriter.CLUSTER_REPORTS.getGroup() + "/" + PolicyReportWriter.CLUSTER_REPORTS.getPlural();
        Map<String, String> calls = new java.util.LinkedHashMap<>();
        calls.put("apply: get a namespace's report", reports + ":get");
        calls.put("apply: create it", reports + ":create");
        calls.put("apply: update it in place", reports + ":update");
        calls.put("deleteStale: list Weighbridge's reports in every namespace", reports + ":list");
        calls.put("deleteStale: delete a report without results", reports + ":delete");
        calls.put("apply: get the cluster report", cluster + ":get");
        calls.put("apply: create it", cluster + ":create");
        calls.put("apply: update it in place", cluster + ":update");
        calls.put("deleteStale: delete it when no cluster-scoped results", cluster + ":delete");
        return calls;
    }

    private InstallGuarantees() {}

    static void assertAll(Rendered r, int replicas, String failurePolicy) {
        assertPodRunsRestricted(r);
        assertProbes(r);
        assertReplicasAndDisruptionBudget(r, replicas);
        assertWebhook(r, failurePolicy);
        assertRbac(r);
        assertNetworkPolicy(r);
    }

    /**
     * The install carries Weighbridge's CRDs exactly as deploy/crds has them (their one source),
     * one per kind the code watches, with the name, plural and scope the code uses.
     */
    static void assertInstallsTheCrds(Rendered r) throws java.io.IOException {
        Map<String, CustomResourceDefinition> rendered = new java.util.TreeMap<>();
        r.all(CustomResourceDefinition.class)
                .forEach(crd -> rendered.put(crd.getMetadata().getName(), crd));
        Map<String, CustomResourceDefinition> source = new java.util.TreeMap<>();
        for (java.nio.file.Path file : CrdManifestsTest.crds().toList()) {
            CustomResourceDefinition crd =
                    Serialization.unmarshal(java.nio.file.Files.readString(file), CustomResourceDefinition.class);
            source.put(crd.getMetadata().getName(), crd);
        }
        assertEquals(source.keySet(), rendered.keySet(), r.source() + ": the CRDs of deploy/crds");
        for (WeighbridgeResources kind : WeighbridgeResources.values()) {
            CustomResourceDefinition crd = rendered.get(kind.crdName());
            assertNotNull(crd, r.source() + ": no CRD " + kind.crdName());
            assertEquals(
                    List.of(
                            WeighbridgeResources.GROUP,
                            kind.kind(),
                            kind.plural(),
                            kind.namespaced() ? "Namespaced" : "Cluster"),
                    List.of(
                            crd.getSpec().getGroup(),
                            crd.getSpec().getNames().getKind(),
                            crd.getSpec().getNames().getPlural(),
                            crd.getSpec().getScope()),
                    r.source() + ": " + kind.crdName());
            assertEquals(
                    source.get(kind.crdName()).getSpec(),
                    crd.getSpec(),
                    r.source() + ": the spec of " + kind.crdName() + " as in deploy/crds");
            assertNull(crd.getMetadata().getNamespace(), r.source() + ": a CRD is cluster-scoped");
        }
    }

    /**
     * One NetworkPolicy isolates the webhook pods for ingress: every rule names its ports, only
     * the webhook and management ports are open, the management port only to named peers.
     */
    static void assertNetworkPolicy(Rendered r) {
        NetworkPolicy policy = r.one(NetworkPolicy.class);
        Deployment deployment = r.one(Deployment.class);
        assertEquals(
                deployment.getMetadata().getNamespace(), policy.getMetadata().getNamespace(), r.source());
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(
                podLabels
                        .entrySet()
                        .containsAll(policy.getSpec()
                                .getPodSelector()
                                .getMatchLabels()
                                .entrySet()),
                r.source() + ": the NetworkPolicy selects the webhook pods");
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes(), r.source());
        Set<String> containerPorts = new TreeSet<>();
        webhookContainer(r).getPorts().forEach(p -> containerPorts.add(p.getName()));
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            assertFalse(
                    rule.getPorts() == null || rule.getPorts().isEmpty(), r.source() + ": a rule admits every port");
            for (NetworkPolicyPort port : rule.getPorts()) {
                String name = port.getPort().getStrVal();
                assertTrue(containerPorts.contains(name), r.source() + ": port " + name + " is a named container port");
                boolean open = rule.getFrom() == null || rule.getFrom().isEmpty();
                assertFalse(open && !name.equals("https"), r.source() + ": port " + name + " admits any source");
            }
        }
        webhookPortRule(policy);
    }

    /** The rule of the webhook port (https, 8443). */
    static NetworkPolicyIngressRule webhookPortRule(NetworkPolicy policy) {
        return policy.getSpec().getIngress().stream()
                .filter(rule -> rule.getPorts().stream()
                        .anyMatch(p -> "https".equals(p.getPort().getStrVal())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ingress rule for the webhook port"));
    }

    /** The ClusterRole bound to the webhook's service account. */
    static ClusterRole webhookClusterRole(Rendered r) {
        String name = r.one(ClusterRoleBinding.class).getRoleRef().getName();
        return r.all(ClusterRole.class).stream()
                .filter(role -> role.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(r.source() + ": no ClusterRole " + name));
    }

    /** The ClusterRole that lets a user call the API: the one that grants weighbridge.io checks. */
    static ClusterRole apiUserClusterRole(Rendered r) {
        return r.all(ClusterRole.class).stream()
                .filter(role -> role.getRules().stream()
                        .anyMatch(rule -> rule.getApiGroups().contains("weighbridge.io")
                                && rule.getResources().contains("checks")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(r.source() + ": no ClusterRole for API users"));
    }

    static void assertPodRunsRestricted(Rendered r) {
        PodSpec pod = r.one(Deployment.class).getSpec().getTemplate().getSpec();
        PodSecurityContext podContext = pod.getSecurityContext();
        assertNotNull(podContext, r.source() + ": pod securityContext");
        assertEquals(Boolean.TRUE, podContext.getRunAsNonRoot(), r.source() + ": pod runAsNonRoot");
        assertEquals("RuntimeDefault", podContext.getSeccompProfile().getType(), r.source() + ": pod seccomp");
        assertNull(
                podContext.getRunAsUser(),
                r.source() + ": a fixed runAsUser keeps restricted-v2 from admitting the pod");
        assertNull(podContext.getRunAsGroup(), r.source() + ": pod runAsGroup");
        assertNull(podContext.getFsGroup(), r.source() + ": pod fsGroup");
        assertFalse(Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID()), r.source());
        for (Container container : pod.getContainers()) {
            SecurityContext c = container.getSecurityContext();
            String where = r.source() + ": container " + container.getName();
            assertNotNull(c, where + " securityContext");
            assertEquals(Boolean.TRUE, c.getReadOnlyRootFilesystem(), where + " readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, c.getAllowPrivilegeEscalation(), where + " allowPrivilegeEscalation");
            assertEquals(List.of("ALL"), c.getCapabilities().getDrop(), where + " drops ALL capabilities");
            assertTrue(
                    c.getCapabilities().getAdd() == null
                            || c.getCapabilities().getAdd().isEmpty(),
                    where + " adds none");
            assertNotEquals(Boolean.TRUE, c.getPrivileged(), where + " privileged");
            assertNull(c.getRunAsUser(), where + " runAsUser");
            assertNotEquals(Boolean.FALSE, c.getRunAsNonRoot(), where + " runAsNonRoot");
            if (c.getSeccompProfile() != null) {
                assertEquals("RuntimeDefault", c.getSeccompProfile().getType(), where + " seccomp");
            }
            assertTrue(
                    container.getVolumeMounts().stream()
                            .anyMatch(m -> m.getMountPath().equals("/tmp")
                                    && pod.getVolumes().stream()
                                            .anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null)),
                    where + ": /tmp is an emptyDir (the root filesystem is read-only)");
            assertNotNull(container.getResources().getRequests(), where + " requests");
            assertNotNull(container.getResources().getLimits().get("memory"), where + " memory limit");
        }
    }

    private static void assertNotEquals(Object unexpected, Object actual, String message) {
        org.junit.jupiter.api.Assertions.assertNotEquals(unexpected, actual, message);
    }

    static void assertProbes(Rendered r) {
        Container container = webhookContainer(r);
        assertProbe(r, container.getStartupProbe(), "/q/health/live", "startup");
        assertProbe(r, container.getLivenessProbe(), "/q/health/live", "liveness");
        assertProbe(r, container.getReadinessProbe(), "/q/health/ready", "readiness");
    }

    private static void assertProbe(Rendered r, Probe probe, String path, String which) {
        assertNotNull(probe, r.source() + ": " + which + " probe");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, r.source() + ": " + which + " probe is an HTTP GET");
        assertEquals(path, get.getPath(), r.source() + ": " + which + " probe path");
        String port = get.getPort().getStrVal();
        Container container = webhookContainer(r);
        assertTrue(
                container.getPorts().stream().anyMatch(p -> p.getName().equals(port)),
                r.source() + ": " + which + " probe port " + port + " is a named container port");
        String expectedScheme = port.equals("https") ? "HTTPS" : "HTTP";
        assertEquals(
                expectedScheme,
                get.getScheme() == null ? "HTTP" : get.getScheme(),
                r.source() + ": " + which + " scheme");
    }

    static Container webhookContainer(Rendered r) {
        return r.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("weighbridge"))
                .findFirst()
                .orElseThrow();
    }

    /**
     * {@code replicas}: the Deployment's count, or the autoscaler's minimum when there is one (then
     * the autoscaler alone sets the count). Either stays above what the PodDisruptionBudget keeps,
     * or no node drain could evict a replica.
     */
    static void assertReplicasAndDisruptionBudget(Rendered r, int replicas) {
        Deployment deployment = r.one(Deployment.class);
        List<HorizontalPodAutoscaler> autoscalers = r.all(HorizontalPodAutoscaler.class);
        if (autoscalers.isEmpty()) {
            assertEquals(replicas, deployment.getSpec().getReplicas(), r.source() + ": replicas");
        } else {
            assertAutoscalesOnCpu(r, r.one(HorizontalPodAutoscaler.class), replicas);
        }
        PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class);
        assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal(), r.source() + ": PDB minAvailable");
        assertTrue(
                replicas > pdb.getSpec().getMinAvailable().getIntVal(),
                r.source() + ": more replicas than the PDB keeps, so a node drain can evict one");
        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(
                podLabels
                        .entrySet()
                        .containsAll(
                                pdb.getSpec().getSelector().getMatchLabels().entrySet()),
                r.source() + ": the PDB selects the webhook's pods");
        assertNotNull(
                deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity(),
                r.source() + ": pod anti-affinity");
    }

    private static void assertAutoscalesOnCpu(Rendered r, HorizontalPodAutoscaler hpa, int minReplicas) {
        Deployment deployment = r.one(Deployment.class);
        assertNull(
                deployment.getSpec().getReplicas(),
                r.source() + ": the autoscaler owns the count, the Deployment names none");
        var target = hpa.getSpec().getScaleTargetRef();
        assertEquals(
                List.of("apps/v1", "Deployment", deployment.getMetadata().getName()),
                List.of(target.getApiVersion(), target.getKind(), target.getName()),
                r.source() + ": HPA target");
        assertEquals(
                deployment.getMetadata().getNamespace(),
                hpa.getMetadata().getNamespace(),
                r.source() + ": HPA namespace");
        assertEquals(minReplicas, hpa.getSpec().getMinReplicas(), r.source() + ": HPA minReplicas");
        assertTrue(hpa.getSpec().getMaxReplicas() >= minReplicas, r.source() + ": HPA maxReplicas");
        assertEquals(1, hpa.getSpec().getMetrics().size(), r.source() + ": one metric");
        var cpu = hpa.getSpec().getMetrics().get(0);
        assertEquals("Resource", cpu.getType(), r.source());
        assertEquals("cpu", cpu.getResource().getName(), r.source());
        assertEquals("Utilization", cpu.getResource().getTarget().getType(), r.source());
        int utilization = cpu.getResource().getTarget().getAverageUtilization();
        assertTrue(utilization > 0 && utilization <= 100, r.source() + ": target utilisation " + utilization);
        assertNotNull(
                webhookContainer(r).getResources().getRequests().get("cpu"),
                r.source() + ": utilisation is a share of the CPU request, which must be set");
    }

    static ValidatingWebhook webhook(Rendered r) {
        List<ValidatingWebhook> hooks =
                r.one(ValidatingWebhookConfiguration.class).getWebhooks();
        assertEquals(1, hooks.size(), r.source() + ": one webhook");
        return hooks.get(0);
    }

    static void assertWebhook(Rendered r, String failurePolicy) {
        ValidatingWebhook hook = webhook(r);
        assertEquals(List.of("v1"), hook.getAdmissionReviewVersions(), r.source());
        assertEquals("None", hook.getSideEffects(), r.source() + ": sideEffects");
        assertTrue(
                hook.getTimeoutSeconds() > 8 && hook.getTimeoutSeconds() <= 30,
                r.source() + ": timeoutSeconds above the webhook's own 8s deadline, got " + hook.getTimeoutSeconds());
        assertEquals(failurePolicy, hook.getFailurePolicy(), r.source() + ": failurePolicy");

        Set<String> judged = new TreeSet<>();
        for (RuleWithOperations rule : hook.getRules()) {
            assertEquals(
                    List.of("CREATE", "UPDATE"),
                    rule.getOperations(),
                    r.source() + ": operations of " + rule.getResources());
            assertEquals("Namespaced", rule.getScope(), r.source() + ": scope of " + rule.getResources());
            for (String group : rule.getApiGroups()) {
                for (String version : rule.getApiVersions()) {
                    for (String resource : rule.getResources()) {
                        judged.add(group + "/" + version + "/" + resource);
                    }
                }
            }
        }
        assertEquals(judgedRules(DeployedKinds.of(r)), judged, r.source() + ": the kinds and versions judged");

        Deployment deployment = r.one(Deployment.class);
        String ownNamespace = deployment.getMetadata().getNamespace();
        LabelSelectorRequirement notIn = hook.getNamespaceSelector().getMatchExpressions().stream()
                .filter(e -> e.getKey().equals("kubernetes.io/metadata.name")
                        && e.getOperator().equals("NotIn"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(r.source() + ": no kubernetes.io/metadata.name NotIn"));
        assertTrue(
                notIn.getValues().containsAll(List.of(ownNamespace, "kube-system", "kube-public", "kube-node-lease")),
                r.source() + ": its own namespace " + ownNamespace + " and the system ones are excluded: "
                        + notIn.getValues());
        assertTrue(
                hook.getMatchConditions().stream()
                        .anyMatch(c ->
                                c.getExpression().replace(" ", "").equals("!has(object.metadata.deletionTimestamp)")),
                r.source() + ": objects being deleted never reach the webhook");

        var service = hook.getClientConfig().getService();
        assertNotNull(service, r.source() + ": the webhook calls an in-cluster Service");
        assertNull(hook.getClientConfig().getUrl(), r.source());
        assertEquals("/validate", service.getPath(), r.source());
        assertEquals(ownNamespace, service.getNamespace(), r.source() + ": service namespace");
        Service target = r.all(Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals(service.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(r.source() + ": no Service " + service.getName()));
        int port = service.getPort() == null ? 443 : service.getPort();
        var servicePort = target.getSpec().getPorts().stream()
                .filter(p -> p.getPort() == port)
                .findFirst()
                .orElseThrow(() -> new AssertionError(r.source() + ": Service has no port " + port));
        String targetPort = servicePort.getTargetPort().getStrVal();
        assertTrue(
                webhookContainer(r).getPorts().stream()
                        .anyMatch(p -> p.getName().equals(targetPort) && p.getContainerPort() == 8443),
                r.source() + ": Service port " + port + " reaches the container's HTTPS port 8443");
        assertTrue(
                target.getSpec().getSelector().entrySet().stream()
                        .allMatch(e -> e.getValue()
                                .equals(deployment
                                        .getSpec()
                                        .getTemplate()
                                        .getMetadata()
                                        .getLabels()
                                        .get(e.getKey()))),
                r.source() + ": the Service selects the webhook pods");
    }

    /**
     * What the webhook rules must send, as group/version/resource: every row of the kind table in
     * every version it lists, and each custom kind in every version ({@code *}).
     */
    static Set<String> judgedRules(WorkloadKinds kinds) {
        Set<String> rules = new TreeSet<>();
        for (WorkloadKind kind : kinds.all()) {
            for (String version : kind.custom() ? List.of("*") : kind.versions()) {
                rules.add(kind.group() + "/" + version + "/" + kind.resource());
            }
        }
        return rules;
    }

    /** What the audit lists: list and watch on the built-in kinds it lists, list on the custom ones. */
    static Set<String> auditPermissions(WorkloadKinds kinds) {
        Set<String> permissions = new TreeSet<>();
        for (WorkloadKind kind : kinds.all()) {
            if (kind.audited()) {
                permissions.add(kind.group() + "/" + kind.resource() + ":list");
                if (!kind.custom()) {
                    permissions.add(kind.group() + "/" + kind.resource() + ":watch");
                }
            }
        }
        return permissions;
    }

    static void assertRbac(Rendered r) {
        ClusterRole clusterRole = webhookClusterRole(r);
        assertEquals(2, r.all(ClusterRole.class).size(), r.source() + ": the webhook's and the API users'");
        assertEquals(
                API_USER_PERMISSIONS,
                permissions(r, apiUserClusterRole(r).getRules()),
                r.source() + ": API user ClusterRole");
        Set<String> expected = new TreeSet<>(CLUSTER_PERMISSIONS);
        expected.addAll(auditPermissions(DeployedKinds.of(r)));
        expected.addAll(POLICY_RESOURCE_PERMISSIONS);
        if (buildWatchOn(r)) {
            expected.addAll(BUILD_WATCH_PERMISSIONS);
        }
        if (policyReportsOn(r)) {
            expected.addAll(POLICY_REPORT_PERMISSIONS);
        }
        Set<String> granted = permissions(r, clusterRole.getRules());
        assertEquals(expected, granted, r.source() + ": ClusterRole");
        assertGrants(r, granted, clusterResourceCalls());
        if (policyReportsOn(r)) {
            assertGrants(r, granted, policyReportCalls());
        }
        Role role = r.one(Role.class);
        assertEquals(NAMESPACE_PERMISSIONS, permissions(r, role.getRules()), r.source() + ": Role");
        String namespace = r.one(Deployment.class).getMetadata().getNamespace();
        assertEquals(namespace, role.getMetadata().getNamespace(), r.source() + ": leases only in its own namespace");

        ServiceAccount account = r.one(ServiceAccount.class);
        assertEquals(
                account.getMetadata().getName(),
                r.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName(),
                r.source());
        ClusterRoleBinding clusterBinding = r.one(ClusterRoleBinding.class);
        RoleBinding binding = r.one(RoleBinding.class);
        assertEquals(
                clusterRole.getMetadata().getName(), clusterBinding.getRoleRef().getName(), r.source());
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName(), r.source());
        for (var subjects : List.of(clusterBinding.getSubjects(), binding.getSubjects())) {
            assertEquals(1, subjects.size(), r.source());
            assertEquals("ServiceAccount", subjects.get(0).getKind(), r.source());
            assertEquals(account.getMetadata().getName(), subjects.get(0).getName(), r.source());
            assertEquals(namespace, subjects.get(0).getNamespace(), r.source());
        }
    }

    static Set<String> permissions(Rendered r, List<PolicyRule> rules) {
        Set<String> permissions = new TreeSet<>();
        for (PolicyRule rule : rules) {
            assertTrue(
                    rule.getResourceNames() == null || rule.getResourceNames().isEmpty(), r.source());
            assertTrue(
                    rule.getNonResourceURLs() == null
                            || rule.getNonResourceURLs().isEmpty(),
                    r.source());
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        String permission = group + "/" + resource + ":" + verb;
                        assertFalse(permission.contains("*"), r.source() + ": wildcard in " + permission);
                        permissions.add(permission);
                    }
                }
            }
        }
        assertFalse(
                permissions.contains("/secrets:list") || permissions.contains("/secrets:watch"),
                r.source() + ": secrets are read by name only");
        return permissions;
    }

    /** Every call of the table is granted. */
    static void assertGrants(Rendered r, Set<String> granted, Map<String, String> calls) {
        calls.forEach((call, permission) -> assertTrue(
                granted.contains(permission),
                r.source() + ": " + call + " needs " + permission + ", which the ClusterRole does not grant"));
    }

    /** Whether the audit writes PolicyReports ({@code weighbridge.audit.policy-reports.enabled}, on unless set false). */
    static boolean policyReportsOn(Rendered r) {
        return !"false".equals(env(r, "WEIGHBRIDGE_AUDIT_POLICY_REPORTS_ENABLED"));
    }

    /** Whether the pods watch Builds ({@code weighbridge.builds.watch-enabled}): only then may they list and watch them. */
    static boolean buildWatchOn(Rendered r) {
        return "true".equals(env(r, "WEIGHBRIDGE_BUILDS_WATCH_ENABLED"));
    }

    /** The Secret the pods mount as their serving certificate. */
    static String tlsSecretName(Rendered r) {
        return r.one(Deployment.class).getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("tls"))
                .map(Volume::getSecret)
                .findFirst()
                .orElseThrow(() -> new AssertionError(r.source() + ": no tls volume"))
                .getSecretName();
    }

    static String tlsMountPath(Rendered r) {
        return webhookContainer(r).getVolumeMounts().stream()
                .filter(m -> m.getName().equals("tls"))
                .findFirst()
                .orElseThrow()
                .getMountPath();
    }

    static String env(Rendered r, String name) {
        return webhookContainer(r).getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(e -> e.getValue())
                .findFirst()
                .orElse(null);
    }

    /** The pods serve HTTPS only, from the mounted Secret, and read the mounted policies. */
    static void assertServesTlsFromTheSecret(Rendered r) {
        String mount = tlsMountPath(r);
        // The TLS registry's configuration "webhook" (what TlsRotationIT runs): certificate and
        // key from the Secret, re-read periodically; the HTTP server uses it, management does not.
        assertEquals("webhook", env(r, "QUARKUS_HTTP_TLS_CONFIGURATION_NAME"), r.source());
        assertEquals(mount + "/tls.crt", env(r, "QUARKUS_TLS__WEBHOOK__KEY_STORE_PEM__0__CERT"), r.source());
        assertEquals(mount + "/tls.key", env(r, "QUARKUS_TLS__WEBHOOK__KEY_STORE_PEM__0__KEY"), r.source());
        assertNotNull(env(r, "WEIGHBRIDGE_TLS_RELOAD_PERIOD"), r.source() + ": the certificate is reloaded");
        assertNull(env(r, "QUARKUS_HTTP_SSL_CERTIFICATE_FILES"), r.source() + ": one TLS configuration, not two");
        assertEquals("8443", env(r, "QUARKUS_HTTP_SSL_PORT"), r.source());
        assertEquals("disabled", env(r, "QUARKUS_HTTP_INSECURE_REQUESTS"), r.source());
        String policies = env(r, "WEIGHBRIDGE_POLICY_PATH");
        assertTrue(
                webhookContainer(r).getVolumeMounts().stream()
                        .anyMatch(m -> m.getMountPath().equals(policies) && m.getSubPath() == null),
                r.source() + ": policies mounted as a folder (no subPath, so edits reach the pod)");
    }
}
