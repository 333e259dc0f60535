package io.weighbridge.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Writes the background audit's results as PolicyReports where the PolicyReport CRD is installed:
 * one per namespace ({@value PolicyReportBuilder#NAME}), updated in place (an update carrying the
 * resourceVersion it read; a report whose results did not change is not written), and deleted when
 * its namespace has no results any more. Only Weighbridge's own reports (labelled
 * {@code app.kubernetes.io/managed-by: weighbridge}) are ever touched.
 */
@ApplicationScoped
public class PolicyReportWriter {
    private static final Logger LOG = Logger.getLogger(PolicyReportWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The namespaced reports and the cluster report, in one place (the install's RBAC is checked against them). */
    public static final ResourceDefinitionContext REPORTS = context(PolicyReportBuilder.KIND, "policyreports", true);

    public static final ResourceDefinitionContext CLUSTER_REPORTS =
            context(PolicyReportBuilder.CLUSTER_KIND, "clusterpolicyreports", false);

    private final AuditConfig config;
    private final Supplier<KubernetesClient> client;
    private final Clock clock;
    private final AtomicLong writes = new AtomicLong();
    private volatile String lastState = "";

    @Inject
    PolicyReportWriter(AuditConfig config, Instance<KubernetesClient> client) {
        this(config, client::get, Clock.systemUTC());
    }

    PolicyReportWriter(AuditConfig config, Supplier<KubernetesClient> client, Clock clock) {
        this.config = config;
        this.client = client;
        this.clock = clock;
    }

    /** Reports created, updated or deleted since start. */
    public long writes() {
        return writes.get();
    }

    /** Writes the reports of a pass over the whole cluster; never fails the audit (one warning instead). */
    public void write(AuditPass pass) {
        if (!config.policyReports().enabled() || pass.report().namespace() != null) {
            return;
        }
        try {
            KubernetesClient kubernetes = client.get();
            if (!kubernetes.supports(PolicyReportBuilder.API_VERSION, PolicyReportBuilder.KIND)) {
                say("the PolicyReport CRD (" + PolicyReportBuilder.API_VERSION
                        + ") is not installed: the audit writes no reports");
                return;
            }
            Map<String, GenericKubernetesResource> reports = PolicyReportBuilder.reports(
                    pass.verdicts(), clock.instant(), config.policyReports().maxResults());
            for (GenericKubernetesResource report : reports.values()) {
                apply(kubernetes, report);
            }
            deleteStale(kubernetes, reports.keySet());
            say("writing PolicyReports: " + reports.size() + " namespace(s) with results");
        } catch (KubernetesClientException e) {
            LOG.warnf(
                    "cannot write the audit's PolicyReports: %s. May this service account get, list, create, update and"
                            + " delete policyreports.wgpolicyk8s.io?",
                    e.getCode() > 0 ? "the API server answered " + e.getCode() : e.getMessage());
        }
    }

    private void apply(KubernetesClient kubernetes, GenericKubernetesResource report) {
        String namespace = report.getMetadata().getNamespace();
        Resource<GenericKubernetesResource> resource = namespace == null
                ? kubernetes.genericKubernetesResources(CLUSTER_REPORTS).resource(report)
                : kubernetes
                        .genericKubernetesResources(REPORTS)
                        .inNamespace(namespace)
                        .resource(report);
        for (int attempt = 0; attempt < 2; attempt++) {
            GenericKubernetesResource existing = resource.get();
            try {
                if (existing == null) {
                    resource.create();
                } else if (sameContent(existing, report)) {
                    return;
                } else {
                    report.getMetadata()
                            .setResourceVersion(existing.getMetadata().getResourceVersion());
                    resource.update();
                }
                writes.incrementAndGet();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // Someone wrote it since it was read (a previous leader): read it again and retry once.
            }
        }
    }

    /** Deletes Weighbridge's reports in namespaces that have no results now. */
    private void deleteStale(KubernetesClient kubernetes, Set<String> withResults) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                reports = kubernetes.genericKubernetesResources(REPORTS);
        for (GenericKubernetesResource report : reports.inAnyNamespace()
                .withLabel(PolicyReportBuilder.MANAGED_BY, PolicyReportBuilder.SOURCE)
                .list()
                .getItems()) {
            if (!withResults.contains(report.getMetadata().getNamespace())) {
                reports.inNamespace(report.getMetadata().getNamespace())
                        .withName(report.getMetadata().getName())
                        .delete();
                writes.incrementAndGet();
            }
        }
        if (!withResults.contains(null)
                && kubernetes.supports(PolicyReportBuilder.API_VERSION, PolicyReportBuilder.CLUSTER_KIND)) {
            Resource<GenericKubernetesResource> cluster =
                    kubernetes.genericKubernetesResources(CLUSTER_REPORTS).withName(PolicyReportBuilder.NAME);
            GenericKubernetesResource existing = cluster.get();
            if (existing != null
                    && PolicyReportBuilder.SOURCE.equals(
                            existing.getMetadata().getLabels().get(PolicyReportBuilder.MANAGED_BY))) {
                cluster.delete();
                writes.incrementAndGet();
            }
        }
    }

    /** The same results and summary, whatever the timestamps. */
    static boolean sameContent(GenericKubernetesResource existing, GenericKubernetesResource report) {
        return Objects.equals(withoutTimestamps(existing), withoutTimestamps(report))
                && Objects.equals(
                        existing.getMetadata().getAnnotations() == null
                                ? null
                                : existing.getMetadata().getAnnotations().get(PolicyReportBuilder.OMITTED),
                        report.getMetadata().getAnnotations() == null
                                ? null
                                : report.getMetadata().getAnnotations().get(PolicyReportBuilder.OMITTED));
    }

    /** Summary and results as JSON text would read them (so 1 and 1L are equal), without the results' timestamps. */
    private static JsonNode withoutTimestamps(GenericKubernetesResource report) {
        ObjectNode content = JSON.createObjectNode();
        content.putPOJO("summary", report.getAdditionalProperties().get("summary"));
        content.putPOJO("results", report.getAdditionalProperties().get("results"));
        try {
            JsonNode normalised = JSON.readTree(JSON.writeValueAsString(content));
            normalised.path("results").forEach(result -> ((ObjectNode) result).remove("timestamp"));
            return normalised;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a report is JSON", e);
        }
    }

    /** Says what the writer does, once per change of state. */
    private void say(String state) {
        if (!state.equals(lastState)) {
            LOG.info(state);
            lastState = state;
        }
    }

    private static ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
        return new ResourceDefinitionContext.Builder()
                .withGroup("wgpolicyk8s.io")
                .withVersion("v1alpha2")
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(namespaced)
                .build();
    }
}
