package io.weighbridge.access;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Whether a request to the API goes on, and as whom; or the answer that refuses it. */
public sealed interface ApiDecision {

    record Granted(Caller caller) implements ApiDecision {}

    /** @param reason one line for the caller */
    record Refused(Response.Status status, String reason) implements ApiDecision {
        public Response response() {
            Response.ResponseBuilder answer = Response.status(status)
                    .type(MediaType.TEXT_PLAIN_TYPE)
                    .header("Cache-Control", "no-store")
                    .entity(reason + "\n");
            if (status == Response.Status.UNAUTHORIZED) {
                answer.header("WWW-Authenticate", "Bearer realm=\"weighbridge\"");
            }
            if (status == Response.Status.SERVICE_UNAVAILABLE) {
                answer.header("Retry-After", "10");
            }
            return answer.build();
        }
    }
}
