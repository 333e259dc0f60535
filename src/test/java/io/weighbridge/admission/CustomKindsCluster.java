package io.weighbridge.admission;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.WorkloadFixture;
import java.util.function.Consumer;

/**
 * The three documented custom workloads of {@code src/test/resources/workloads/custom/} (an Argo
 * Rollout, an OpenKruise CloneSet, a Knative Service), each running the oversized fixture image,
 * created in namespace shop of the CRUD mock server as generic resources before Quarkus starts.
 */
public class CustomKindsCluster implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        KubernetesClient client = server.getClient();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("shop")
                        .endMetadata()
                        .build())
                .create();
        Fixtures fixtures = Fixtures.get();
        for (WorkloadFixture fixture : WorkloadFixture.in("custom")) {
            GenericKubernetesResource object = client.getKubernetesSerialization()
                    .unmarshal(
                            fixture.text(
                                    fixtures.big().reference().toString(),
                                    fixtures.plainRegistry().hostPort()),
                            GenericKubernetesResource.class);
            object.getMetadata()
                    .setUid("uid-" + object.getKind() + "-"
                            + object.getMetadata().getName());
            client.genericKubernetesResources(context(object))
                    .inNamespace("shop")
                    .resource(object)
                    .create();
        }
    }

    private static ResourceDefinitionContext context(GenericKubernetesResource object) {
        String[] groupVersion = object.getApiVersion().split("/");
        return new ResourceDefinitionContext.Builder()
                .withGroup(groupVersion[0])
                .withVersion(groupVersion[1])
                .withKind(object.getKind())
                .withPlural(object.getKind().toLowerCase(java.util.Locale.ROOT) + "s")
                .withNamespaced(true)
                .build();
    }
}
