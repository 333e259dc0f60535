package io.weighbridge.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.weighbridge.testing.WeighbridgeCrds;
import java.util.function.Consumer;

/** The mock cluster of the resource tests: Weighbridge's CRDs installed, and the namespaces they use. */
public class CrdCluster implements Consumer<KubernetesServer> {
    @Override
    public void accept(KubernetesServer server) {
        KubernetesClient client = server.getClient();
        for (String ns : new String[] {"weighbridge", "shop", "relaxed", "team-a", "team-b"}) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
        }
        WeighbridgeCrds.installOwn(client);
    }
}
