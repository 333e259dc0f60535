package io.weighbridge.audit;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.weighbridge.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Workloads of the private image {@code team/private:1.0} (htpasswd registry), created in the
 * CRUD mock server before Quarkus starts:
 * <ul>
 *   <li>private-apps: Secret regcred (the registry's credentials) and ServiceAccount puller that
 *       holds it; Deployment named-secret names regcred in {@code imagePullSecrets}, Deployment
 *       via-account runs as puller, Deployment no-secret names neither (and the namespace has no
 *       {@code default} service account);</li>
 *   <li>other-team: Deployment borrower names regcred, which does not exist in its namespace.</li>
 * </ul>
 */
public class PrivateCluster implements Consumer<KubernetesServer> {
    static final String NAMESPACE = "private-apps";
    static final String OTHER_NAMESPACE = "other-team";

    static String privateImage() {
        return Fixtures.get().privateImage().reference().toString();
    }

    @Override
    public void accept(KubernetesServer server) {
        KubernetesClient client = server.getClient();
        for (String namespace : new String[] {NAMESPACE, OTHER_NAMESPACE}) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(namespace)
                            .endMetadata()
                            .build())
                    .create();
        }
        client.secrets()
                .inNamespace(NAMESPACE)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("regcred")
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withType("kubernetes.io/dockerconfigjson")
                        .withData(Map.of(".dockerconfigjson", base64(dockerConfig())))
                        .build())
                .create();
        client.serviceAccounts()
                .inNamespace(NAMESPACE)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("puller")
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .addNewImagePullSecret("regcred")
                        .build())
                .create();

        deployment(client, NAMESPACE, "named-secret", new PodSpecBuilder().addNewImagePullSecret("regcred"));
        deployment(client, NAMESPACE, "via-account", new PodSpecBuilder().withServiceAccountName("puller"));
        deployment(client, NAMESPACE, "no-secret", new PodSpecBuilder());
        deployment(client, OTHER_NAMESPACE, "borrower", new PodSpecBuilder().addNewImagePullSecret("regcred"));
    }

    private static void deployment(KubernetesClient client, String namespace, String name, PodSpecBuilder spec) {
        spec.withContainers(
                new ContainerBuilder().withName("app").withImage(privateImage()).build());
        client.resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withUid("uid-" + namespace + "-" + name)
                        .endMetadata()
                        .withNewSpec()
                        .withNewTemplate()
                        .withSpec(spec.build())
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    private static String dockerConfig() {
        Fixtures fixtures = Fixtures.get();
        String userAndPassword = fixtures.authUser() + ":" + fixtures.authPassword();
        return "{\"auths\": {\"" + fixtures.authRegistry().hostPort() + "\": {\"auth\": \"" + base64(userAndPassword)
                + "\"}}}";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
