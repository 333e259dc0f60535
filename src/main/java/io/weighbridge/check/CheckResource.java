package io.weighbridge.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.policy.PolicyValidationException;
import io.weighbridge.workload.WorkloadRead;
import io.weighbridge.workload.WorkloadReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/v1/check}: the admins' dry run. Answers a {@link CheckReport}, or 400 with a
 * one-line reason. Runs on the event loop: everything slow happens inside the engine's future.
 */
@Path("/api/v1/check")
public class CheckResource {
    private final DryRun dryRun;
    private final PolicyReader policies;
    private final ObjectMapper json;
    private final WorkloadReader workloads;

    CheckResource(DryRun dryRun, PolicyReader policies, ObjectMapper json, WorkloadReader workloads) {
        this.dryRun = dryRun;
        this.policies = policies;
        this.json = json;
        this.workloads = workloads;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> check(String body) {
        CompletableFuture<CheckReport> report;
        try {
            report = start(CheckRequest.parse(body, json));
        } catch (InvalidCheckRequestException e) {
            return CompletableFuture.completedFuture(badRequest(e.getMessage()));
        }
        return report.thenApply(done -> Response.ok(done, MediaType.APPLICATION_JSON_TYPE).build());
    }

    private CompletableFuture<CheckReport> start(CheckRequest request) {
        PolicySet tried = policyToTry(request);
        if (!request.checksObject()) {
            return dryRun.checkImages(request.images(), request.namespace(), tried);
        }
        Workload workload = workloadOf(request);
        return dryRun.checkWorkloads(List.of(workload), tried);
    }

    private PolicySet policyToTry(CheckRequest request) {
        if (request.policy() == null) {
            return null;
        }
        try {
            return policies.parse(request.policy(), "policy");
        } catch (PolicyValidationException e) {
            throw new InvalidCheckRequestException("invalid policy: " + e.getMessage());
        }
    }

    private Workload workloadOf(CheckRequest request) {
        JsonNode object;
        try {
            object = KubernetesObjects.checked(request.object());
        } catch (IllegalArgumentException e) {
            throw new InvalidCheckRequestException("object: " + e.getMessage());
        }
        WorkloadRead read = workloads.read(object);
        Workload workload = Workload.of(read)
                .orElseThrow(() -> new InvalidCheckRequestException("unsupported object kind " + read.identity().kind()
                        + ": supported kinds are " + workloads.kinds().describeNames()));
        return Namespaces.reconcile(workload, request.namespace());
    }

    private static Response badRequest(String reason) {
        return Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.TEXT_PLAIN_TYPE)
                .entity(oneLine(reason))
                .build();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }
}
