package io.weighbridge.admission;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses AdmissionReviews above {@link ValidateResource#MAX_BODY_BYTES} before their body is read. */
public class BodySizeLimit {

    @ServerRequestFilter(preMatching = true)
    public Response refuseDeclaredOversizeBody(ContainerRequestContext request) {
        if (!"/validate".equals(request.getUriInfo().getPath())
                || request.getLength() <= ValidateResource.MAX_BODY_BYTES) {
            return null;
        }
        DecisionLog.tooLarge(request.getLength());
        return tooLarge();
    }

    static Response tooLarge() {
        return ValidateResource.plainText(
                Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "AdmissionReview is larger than " + ValidateResource.MAX_BODY_BYTES / (1024 * 1024) + " MiB");
    }
}
