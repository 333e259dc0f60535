package io.weighbridge.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Installs CRDs in the fabric8 mock server (CRUD mode serves custom resources once their CRD is
 * created): Weighbridge's own from {@code deploy/crds}, and the PolicyReport CRDs Kyverno installs.
 */
public final class WeighbridgeCrds {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private WeighbridgeCrds() {}

    /** {@code deploy/crds/*.yaml}, exactly as shipped. */
    public static void installOwn(KubernetesClient client) {
        try (Stream<Path> files = Files.list(Path.of("deploy/crds"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("weighbridge.io_"))
                    .sorted()
                    .toList()) {
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(read(file))
                        .create();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The wgpolicyk8s.io PolicyReport CRDs. The mock server serves one version of a CRD, the newest
     * it names: only v1alpha2 is kept (stored and served), as Kyverno's chart installs it.
     */
    public static void installPolicyReports(KubernetesClient client) {
        for (String file : List.of("wgpolicyk8s.io_policyreports.yaml", "wgpolicyk8s.io_clusterpolicyreports.yaml")) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(policyReportCrd(file))
                    .create();
        }
    }

    public static CustomResourceDefinition policyReportCrd(String file) {
        CustomResourceDefinition crd = read(Path.of("src/test/resources/wgpolicyk8s", file));
        List<CustomResourceDefinitionVersion> v1alpha2 = crd.getSpec().getVersions().stream()
                .filter(version -> version.getName().equals("v1alpha2"))
                .toList();
        v1alpha2.forEach(version -> version.setStorage(true));
        crd.getSpec().setVersions(new java.util.ArrayList<>(v1alpha2));
        return crd;
    }

    public static CustomResourceDefinition read(Path file) {
        try {
            return SERIALIZATION.unmarshal(Files.readString(file), CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
