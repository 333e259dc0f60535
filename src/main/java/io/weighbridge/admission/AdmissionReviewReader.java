package io.weighbridge.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.weighbridge.workload.GroupKind;
import io.weighbridge.workload.JsonProblems;
import io.weighbridge.workload.WorkloadReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Set;

/**
 * Reads an AdmissionReview from the raw body, with a one-line reason for every way the body can
 * be malformed.
 *
 * <p>The envelope and the objects are read separately, so that an object weighbridge cannot read
 * is answered with an AdmissionReview naming the problem, not with an HTTP error the apiserver
 * would only report as "failed calling webhook". Objects are read by the {@link WorkloadReader},
 * as every other entry point reads them; in {@code admission.k8s.io/v1beta1} reviews too, which
 * carry the same fields and are answered in their own apiVersion.
 */
@ApplicationScoped
class AdmissionReviewReader {

    /** v1beta1 has the same request and response fields; apiservers still send it when asked. */
    static final Set<String> API_VERSIONS = Set.of("admission.k8s.io/v1", "admission.k8s.io/v1beta1");

    static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

    private final ObjectMapper mapper;
    private final WorkloadReader workloads;

    AdmissionReviewReader(ObjectMapper mapper, WorkloadReader workloads) {
        this.mapper = mapper;
        this.workloads = workloads;
    }

    /** @throws MalformedReviewException when the body is not an AdmissionReview request */
    ReceivedReview read(byte[] body) {
        JsonNode review = parseJson(body);
        if (!review.isObject()) {
            throw new MalformedReviewException("request body is not a JSON object");
        }
        String apiVersion = review.path("apiVersion").asText(null);
        if (apiVersion == null || !API_VERSIONS.contains(apiVersion)) {
            throw new MalformedReviewException("apiVersion is " + quoted(apiVersion)
                    + ", expected \"admission.k8s.io/v1\" or \"admission.k8s.io/v1beta1\"");
        }
        String kind = review.path("kind").asText(null);
        if (!"AdmissionReview".equals(kind)) {
            throw new MalformedReviewException("kind is " + quoted(kind) + ", expected \"AdmissionReview\"");
        }
        JsonNode requestNode = review.get("request");
        if (requestNode == null || !requestNode.isObject()) {
            throw new MalformedReviewException("AdmissionReview has no request");
        }
        AdmissionRequest request = readEnvelope((ObjectNode) requestNode);
        if (request.getUid() == null || request.getUid().isBlank()) {
            throw new MalformedReviewException("AdmissionReview has no request.uid");
        }
        if (request.getOperation() == null || !OPERATIONS.contains(request.getOperation())) {
            throw new MalformedReviewException("request.operation is " + quoted(request.getOperation())
                    + ", expected one of CREATE, UPDATE, DELETE, CONNECT");
        }
        GroupKind named = request.getKind() == null || request.getKind().getKind() == null
                ? null
                : new GroupKind(request.getKind().getGroup(), request.getKind().getKind());
        return new ReceivedReview(
                apiVersion,
                request,
                workloads.read(requestNode.get("object"), named),
                workloads.read(requestNode.get("oldObject"), named));
    }

    private JsonNode parseJson(byte[] body) {
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedReviewException("request body is not JSON: " + JsonProblems.describe(e));
        } catch (IOException e) {
            throw new MalformedReviewException("request body cannot be read: " + JsonProblems.oneLine(e.getMessage()));
        }
        if (tree == null || tree.isMissingNode()) {
            throw new MalformedReviewException("request body is empty");
        }
        return tree;
    }

    private AdmissionRequest readEnvelope(ObjectNode requestNode) {
        ObjectNode envelope = requestNode.deepCopy();
        // The objects are read on their own below; options (CreateOptions…) are not used.
        envelope.remove(Set.of("object", "oldObject", "options"));
        try {
            return mapper.treeToValue(envelope, AdmissionRequest.class);
        } catch (JsonProcessingException e) {
            throw new MalformedReviewException("request is not an AdmissionRequest: " + JsonProblems.describe(e));
        }
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "\"" + JsonProblems.oneLine(value) + "\"";
    }
}
