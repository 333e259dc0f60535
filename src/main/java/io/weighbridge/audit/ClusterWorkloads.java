package io.weighbridge.audit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.weighbridge.workload.WorkloadKind;
import io.weighbridge.workload.WorkloadRead;
import io.weighbridge.workload.WorkloadReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Lists every object of every kind the workload table says the audit lists (Pods, their
 * controllers and the custom kinds an admin configured), in one namespace or all, a page at a
 * time so a big cluster never answers one huge list. Objects are listed as generic resources and
 * read by the same {@link WorkloadReader} as admission. A kind is listed at the first of its
 * versions the cluster serves (an older cluster serves CronJobs only as batch/v1beta1); a kind the
 * cluster serves in none is noted, except OpenShift's own on other clusters.
 */
final class ClusterWorkloads {
    private final KubernetesClient client;
    private final WorkloadReader reader;
    private final long pageSize;

    ClusterWorkloads(KubernetesClient client, WorkloadReader reader, int pageSize) {
        this.client = client;
        this.reader = reader;
        this.pageSize = Math.max(1, pageSize);
    }

    /**
     * @param namespace one namespace, or {@code null} for all
     * @param progress told the number of objects listed so far after every page
     */
    ClusterListing list(String namespace, AuditProgress progress) {
        List<ClusterObject> objects = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (WorkloadKind kind : reader.kinds().all()) {
            if (kind.audited()) {
                listKind(kind, namespace, objects, notes, progress);
            }
        }
        return new ClusterListing(objects, notes);
    }

    private void listKind(
            WorkloadKind kind, String namespace, List<ClusterObject> into, List<String> notes, AuditProgress progress) {
        for (String version : kind.versions()) {
            List<ClusterObject> listed = new ArrayList<>();
            try {
                listAll(kind, version, namespace, listed, notes, count -> progress.listed(into.size() + count));
                into.addAll(listed);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403) {
                    notes.add(kind.kind() + "s not listed: forbidden (" + reason(e) + ")");
                    return;
                }
                if (e.getCode() != 404) {
                    throw e;
                }
                // Not served at this version: try the next, older one.
            }
        }
        if (!kind.openShiftOnly()) {
            notes.add(kind.kind() + "s not listed: this cluster serves " + kind.resource() + " in none of "
                    + kind.versions().stream().map(kind::apiVersion).toList());
        }
    }

    private static String reason(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
    }

    private void listAll(
            WorkloadKind kind,
            String version,
            String namespace,
            List<ClusterObject> into,
            List<String> notes,
            IntConsumer listedSoFar) {
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                .withGroup(kind.group())
                .withVersion(version)
                .withKind(kind.kind())
                .withPlural(kind.resource())
                .withNamespaced(true)
                .build();
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                resources = client.genericKubernetesResources(context);
        FilterWatchListDeletable<
                        GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                scope = namespace == null ? resources.inAnyNamespace() : resources.inNamespace(namespace);
        String continueToken = null;
        do {
            ListOptions options = new ListOptionsBuilder()
                    .withLimit(pageSize)
                    .withContinue(continueToken)
                    .build();
            GenericKubernetesResourceList page = scope.list(options);
            for (GenericKubernetesResource item : page.getItems()) {
                add(item, into, notes);
            }
            listedSoFar.accept(into.size());
            continueToken =
                    page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (continueToken != null && !continueToken.isEmpty());
    }

    private void add(GenericKubernetesResource item, List<ClusterObject> into, List<String> notes) {
        WorkloadRead read = reader.read(item);
        if (read instanceof WorkloadRead.Judged judged) {
            into.add(ClusterObject.of(item.getMetadata(), judged));
        } else if (read instanceof WorkloadRead.Unreadable unreadable) {
            notes.add(unreadable.identity().describe() + " not audited: " + unreadable.sentence());
        }
    }
}
