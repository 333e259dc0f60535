package io.weighbridge.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;
import io.weighbridge.access.ApiAccess;
import io.weighbridge.access.ApiDecision.Granted;
import io.weighbridge.access.ApiDecision.Refused;
import io.weighbridge.access.Caller;
import io.weighbridge.access.ResourceAccess;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.policy.PolicyValidationException;
import io.weighbridge.workload.WorkloadRead;
import io.weighbridge.workload.WorkloadReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/check}: the admins' dry run. Answers a {@link CheckReport}, or 400 with a
 * one-line reason; callers are let in by {@link ApiAccess} first (401, 403, 404 or 503 with a
 * one-line reason). Runs on the event loop: everything slow happens inside futures.
 *
 * <p>The webhook weighs with credentials its caller may not hold: a namespace's pull secrets
 * weigh only for a caller who may read that namespace's Secrets, and the report says when they
 * did not.
 */
@Path("/api/v1/check")
public class CheckResource {
    private static final Logger LOG = Logger.getLogger(CheckResource.class);

    private final DryRun dryRun;
    private final PolicyReader policies;
    private final ObjectMapper json;
    private final WorkloadReader workloads;
    private final ApiAccess access;

    CheckResource(DryRun dryRun, PolicyReader policies, ObjectMapper json, WorkloadReader workloads, ApiAccess access) {
        this.dryRun = dryRun;
        this.policies = policies;
        this.json = json;
        this.workloads = workloads;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> check(String body, @Context HttpServerRequest http) {
        return access.authorize(http, ResourceAccess.CHECK)
                .thenCompose(decision -> decision instanceof Granted granted
                        ? check(body, granted.caller())
                        : CompletableFuture.completedFuture(((Refused) decision).response()));
    }

    private CompletionStage<Response> check(String body, Caller caller) {
        CompletableFuture<CheckReport> report;
        try {
            report = start(CheckRequest.parse(body, json), caller);
        } catch (InvalidCheckRequestException e) {
            return CompletableFuture.completedFuture(badRequest(e.getMessage()));
        }
        return report.thenApply(done -> {
            LOG.infof(
                    "check by %s: %d images, verdict %s%s",
                    caller.name(),
                    done.images().size(),
                    done.verdict().id(),
                    done.credentials() == null ? "" : " (namespace pull secrets not used)");
            return Response.ok(done, MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    private CompletableFuture<CheckReport> start(CheckRequest request, Caller caller) {
        PolicySet tried = policyToTry(request);
        Workload workload = request.checksObject() ? workloadOf(request) : null;
        String namespace = workload != null ? workload.namespace() : request.namespace();
        CompletableFuture<Optional<String>> whyNotSecrets = namespace == null
                ? CompletableFuture.completedFuture(Optional.empty())
                : access.whyNotPullSecrets(caller, namespace);
        return whyNotSecrets.thenCompose(whyNot -> {
            boolean secrets = whyNot.isEmpty();
            CompletableFuture<CheckReport> report = workload == null
                    ? dryRun.checkImages(request.images(), request.namespace(), tried, secrets)
                    : dryRun.checkWorkloads(List.of(workload), tried, secrets);
            return report.thenApply(done -> whyNot.map(done::withCredentials).orElse(done));
        });
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
                .orElseThrow(() -> new InvalidCheckRequestException(
                        "unsupported object kind " + read.identity().kind() + ": supported kinds are "
                                + workloads.kinds().describeNames()));
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
