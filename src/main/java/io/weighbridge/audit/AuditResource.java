package io.weighbridge.audit;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/v1/audit}: the last background audit report of this replica, or 503 with a
 * one-line reason (no pass finished yet, audit off, or this replica is not the audit leader,
 * naming the one that is).
 */
@Path("/api/v1/audit")
public class AuditResource {
    private final BackgroundAudit audit;

    AuditResource(BackgroundAudit audit) {
        this.audit = audit;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response report() {
        return audit.report()
                .map(report -> Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseGet(() -> Response.status(Response.Status.SERVICE_UNAVAILABLE)
                        .type(MediaType.TEXT_PLAIN_TYPE)
                        .header("Retry-After", "60")
                        .entity(audit.whyNoReport())
                        .build());
    }
}
