package io.weighbridge.audit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.weighbridge.testing.Fixtures;
import io.weighbridge.testing.MockAuthApi;
import io.weighbridge.testing.WeighbridgeCrds;
import java.util.function.Consumer;

/**
 * The workloads of the audit tests, created in the CRUD mock server before Quarkus starts:
 * <ul>
 *   <li>shop: Deployment storefront (app/big) with its ReplicaSet and two Pods; StatefulSet db (app/small) and its Pod;</li>
 *   <li>ml-training: CronJob nightly (app/layers) with a Job and its Pod;</li>
 *   <li>batch: a bare Pod debug (app/small);</li>
 *   <li>relaxed: Deployment preview (app/big), where the hard cap only warns.</li>
 * </ul>
 * 11 objects, 5 workloads, 3 distinct images. The PolicyReport CRDs are installed, as Kyverno installs them.
 */
public class MockCluster implements Consumer<KubernetesServer> {

    static String big() {
        return Fixtures.get().big().reference().toString();
    }

    static String small() {
        return Fixtures.get().small().reference().toString();
    }

    static String layers() {
        return Fixtures.get().manyLayers().reference().toString();
    }

    @Override
    public void accept(KubernetesServer server) {
        MockAuthApi.install(server);
        KubernetesClient client = server.getClient();
        for (String ns : new String[] {"shop", "ml-training", "batch", "relaxed", "weighbridge"}) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
        }
        WeighbridgeCrds.installPolicyReports(client);
        HasMetadata storefront = client.resource(new DeploymentBuilder()
                        .withMetadata(meta("shop", "storefront", null))
                        .withNewSpec()
                        .withTemplate(template(spec(container("web", big()))))
                        .endSpec()
                        .build())
                .create();
        HasMetadata replicas = client.resource(new ReplicaSetBuilder()
                        .withMetadata(meta("shop", "storefront-7d9f", storefront))
                        .withNewSpec()
                        .withTemplate(template(spec(container("web", big()))))
                        .endSpec()
                        .build())
                .create();
        for (String pod : new String[] {"storefront-7d9f-a", "storefront-7d9f-b"}) {
            client.resource(new PodBuilder()
                            .withMetadata(meta("shop", pod, replicas))
                            .withSpec(spec(container("web", big())))
                            .build())
                    .create();
        }
        HasMetadata db = client.resource(new StatefulSetBuilder()
                        .withMetadata(meta("shop", "db", null))
                        .withNewSpec()
                        .withTemplate(template(spec(container("db", small()))))
                        .endSpec()
                        .build())
                .create();
        client.resource(new PodBuilder()
                        .withMetadata(meta("shop", "db-0", db))
                        .withSpec(spec(container("db", small())))
                        .build())
                .create();

        HasMetadata nightly = client.resource(new CronJobBuilder()
                        .withMetadata(meta("ml-training", "nightly", null))
                        .withNewSpec()
                        .withSchedule("0 3 * * *")
                        .withNewJobTemplate()
                        .withNewSpec()
                        .withTemplate(template(spec(container("train", layers()))))
                        .endSpec()
                        .endJobTemplate()
                        .endSpec()
                        .build())
                .create();
        HasMetadata job = client.resource(new JobBuilder()
                        .withMetadata(meta("ml-training", "nightly-28930", nightly))
                        .withNewSpec()
                        .withTemplate(template(spec(container("train", layers()))))
                        .endSpec()
                        .build())
                .create();
        client.resource(new PodBuilder()
                        .withMetadata(meta("ml-training", "nightly-28930-x1", job))
                        .withSpec(spec(container("train", layers())))
                        .build())
                .create();

        client.resource(new PodBuilder()
                        .withMetadata(meta("batch", "debug", null))
                        .withSpec(spec(container("shell", small())))
                        .build())
                .create();

        client.resource(new DeploymentBuilder()
                        .withMetadata(meta("relaxed", "preview", null))
                        .withNewSpec()
                        .withTemplate(template(spec(container("web", big()))))
                        .endSpec()
                        .build())
                .create();
    }

    private static ObjectMeta meta(String namespace, String name, HasMetadata owner) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(name)
                .withUid("uid-" + namespace + "-" + name);
        if (owner != null) {
            meta.withOwnerReferences(new OwnerReferenceBuilder()
                    .withApiVersion(owner.getApiVersion())
                    .withKind(owner.getKind())
                    .withName(owner.getMetadata().getName())
                    .withUid(owner.getMetadata().getUid())
                    .withController(true)
                    .build());
        }
        return meta.build();
    }

    private static Container container(String name, String image) {
        return new ContainerBuilder().withName(name).withImage(image).build();
    }

    private static PodSpec spec(Container container) {
        return new PodSpecBuilder().withContainers(container).build();
    }

    private static io.fabric8.kubernetes.api.model.PodTemplateSpec template(PodSpec spec) {
        return new PodTemplateSpecBuilder().withSpec(spec).build();
    }
}
