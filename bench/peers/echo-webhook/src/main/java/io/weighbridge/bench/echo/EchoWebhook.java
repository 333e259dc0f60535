package io.weighbridge.bench.echo;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The benchmark's peer: reads the whole review into fabric8's model (the object becomes a typed
 * Pod, Deployment, CronJob…) and allows it. No policy, no registry, no log line, no metrics: what
 * any Quarkus + fabric8 webhook pays before it starts judging.
 */
@Path("/")
public class EchoWebhook {

    @POST
    @Path("validate")
    @NonBlocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public AdmissionReview validate(AdmissionReview review) {
        return new AdmissionReviewBuilder()
                .withApiVersion(review.getApiVersion())
                .withKind("AdmissionReview")
                .withResponse(new AdmissionResponseBuilder()
                        .withUid(review.getRequest().getUid())
                        .withAllowed(true)
                        .build())
                .build();
    }

    /** Answers once the server is up: the start-up figure waits for it. */
    @GET
    @Path("ping")
    @NonBlocking
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
        return "ok";
    }
}
