package io.weighbridge.audit;

import io.vertx.core.http.HttpServerRequest;
import io.weighbridge.access.ApiAccess;
import io.weighbridge.access.ApiDecision.Refused;
import io.weighbridge.access.ResourceAccess;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/v1/audit}: the last background audit report of this replica, or 503 with a
 * one-line reason (no pass finished yet, audit off, or this replica is not the audit leader,
 * naming the one that is). Callers are let in by {@link ApiAccess} first: the report names
 * workloads and images of every namespace.
 */
@Path("/api/v1/audit")
public class AuditResource {
    private final BackgroundAudit audit;
    private final ApiAccess access;

    AuditResource(BackgroundAudit audit, ApiAccess access) {
        this.audit = audit;
        this.access = access;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public CompletionStage<Response> report(@Context HttpServerRequest http) {
        return access.authorize(http, ResourceAccess.AUDIT)
                .thenApply(decision -> decision instanceof Refused refused ? refused.response() : report());
    }

    private Response report() {
        return audit.report()
                .map(report ->
                        Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseGet(() -> Response.status(Response.Status.SERVICE_UNAVAILABLE)
                        .type(MediaType.TEXT_PLAIN_TYPE)
                        .header("Retry-After", "60")
                        .entity(audit.whyNoReport())
                        .build());
    }
}
