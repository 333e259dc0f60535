package io.weighbridge.audit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.openshift.api.model.DeploymentConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists every Pod and pod controller, in one namespace or all, a page at a time so a big cluster
 * never answers one huge list. OpenShift DeploymentConfigs are listed only where the API serves
 * them (API discovery), so vanilla Kubernetes is audited without errors.
 */
final class ClusterWorkloads {
    private static final List<Class<? extends HasMetadata>> KINDS = List.of(
            Deployment.class, ReplicaSet.class, StatefulSet.class, DaemonSet.class, CronJob.class, Job.class,
            ReplicationController.class, Pod.class);

    private final KubernetesClient client;
    private final long pageSize;

    ClusterWorkloads(KubernetesClient client, int pageSize) {
        this.client = client;
        this.pageSize = Math.max(1, pageSize);
    }

    /**
     * @param namespace one namespace, or {@code null} for all
     * @param progress told the number of objects listed so far after every page
     */
    ClusterListing list(String namespace, AuditProgress progress) {
        List<ClusterObject> objects = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Class<? extends HasMetadata>> kinds = new ArrayList<>(KINDS);
        if (servesDeploymentConfigs()) {
            kinds.add(0, DeploymentConfig.class);
        }
        for (Class<? extends HasMetadata> kind : kinds) {
            try {
                listAll(kind, namespace, objects, progress);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 403 && e.getCode() != 404) {
                    throw e;
                }
                notes.add(HasMetadata.getKind(kind) + "s not listed: " + (e.getCode() == 403 ? "forbidden" : "not found")
                        + " (" + reason(e) + ")");
            }
        }
        return new ClusterListing(objects, notes);
    }

    private static String reason(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }

    private boolean servesDeploymentConfigs() {
        try {
            return client.supports(DeploymentConfig.class);
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    private <T extends HasMetadata> void listAll(
            Class<T> kind, String namespace, List<ClusterObject> into, AuditProgress progress) {
        MixedOperation<T, KubernetesResourceList<T>, Resource<T>> resources = client.resources(kind);
        FilterWatchListDeletable<T, KubernetesResourceList<T>, Resource<T>> scope =
                namespace == null ? resources.inAnyNamespace() : resources.inNamespace(namespace);
        String continueToken = null;
        do {
            ListOptions options = new ListOptionsBuilder().withLimit(pageSize).withContinue(continueToken).build();
            KubernetesResourceList<T> page = scope.list(options);
            page.getItems().forEach(item -> into.add(ClusterObject.of(item)));
            progress.listed(into.size());
            continueToken = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (continueToken != null && !continueToken.isEmpty());
    }
}
