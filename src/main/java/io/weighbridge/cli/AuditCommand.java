package io.weighbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.arc.Unremovable;
import io.weighbridge.audit.AuditReport;
import io.weighbridge.audit.ClusterAudit;
import io.weighbridge.audit.ClusterConnection;
import io.weighbridge.audit.ClusterConnection.UnreachableClusterException;
import io.weighbridge.audit.ClusterListing;
import io.weighbridge.check.PolicyReader;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.PolicyConfig;
import io.weighbridge.policy.PolicySet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit}: weighs every workload running in the cluster of the current kubeconfig. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Weigh the images of every workload running in the cluster of the current kubeconfig",
            "(KUBECONFIG, ~/.kube/config, or the Pod's service account) against the policies.",
            "Exits 0 when nothing would be denied, 1 when something would, 2 on usage errors and invalid policy files,"
                    + " 3 when the cluster cannot be reached (within seconds, naming kubeconfig, context and server)."
        })
@Dependent
@Unremovable
class AuditCommand implements Callable<Integer>, BeanCommand {

    @Option(
            names = "--policy",
            paramLabel = "PATH",
            description = "Policy file or folder to try instead of the installed policies.")
    Path policy;

    @ArgGroup(exclusive = true)
    Scope scope = new Scope();

    static class Scope {
        @Option(
                names = {"-n", "--namespace"},
                paramLabel = "NS",
                description = "Audit this namespace (default: the kubeconfig context's namespace).")
        String namespace;

        @Option(
                names = {"-A", "--all-namespaces"},
                description = "Audit every namespace.")
        boolean allNamespaces;
    }

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table or json (the document of docs/audit-json.md). Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    ClusterAudit audit;

    @Inject
    KubernetesClient client;

    @Inject
    PolicyReader policies;

    @Inject
    PolicyConfig policyConfig;

    @Inject
    ObjectMapper json;

    @Override
    public void checkArguments() {
        if (output == OutputFormat.sarif) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "-o sarif is for check (files and lines); audit prints table or json");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        checkArguments();
        PrintWriter err = spec.commandLine().getErr();
        PolicySet judgedBy = PoliciesInForce.loadOrExplain(policies, policy, policyConfig, err);
        if (judgedBy == null) {
            return ExitCodes.USAGE;
        }
        ClusterConnection cluster = new ClusterConnection(client.getConfiguration());
        try {
            cluster.check();
        } catch (UnreachableClusterException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        String namespace = namespace();
        AuditProgressLine progress = new AuditProgressLine(describe(namespace));
        AuditReport report;
        try (Progress shown = Progress.onTerminal(err, progress::line)) {
            ClusterListing listing = audit.list(namespace, progress);
            report = audit.judge(listing, namespace, judgedBy, progress);
        } catch (KubernetesClientException e) {
            err.println(
                    "error: cannot audit: listing workloads on the " + cluster.describe() + " failed: " + reason(e));
            return ExitCodes.FAILED;
        }
        print(report);
        return report.verdict() == Action.DENY ? ExitCodes.DENIED_OR_INVALID : ExitCodes.OK;
    }

    private String namespace() {
        if (scope.allNamespaces) {
            return null;
        }
        if (scope.namespace != null) {
            return scope.namespace;
        }
        String current = client.getNamespace();
        return current == null || current.isBlank() ? "default" : current;
    }

    private static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : e.getMessage();
    }

    private static String describe(String namespace) {
        return namespace == null ? "all namespaces" : "namespace " + namespace;
    }

    private void print(AuditReport report) {
        ReportOutput.print(spec.commandLine().getOut(), output, json, report, () -> new AuditTable(report).render());
    }
}
