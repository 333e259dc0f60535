package io.weighbridge.admission;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads an AdmissionReview from the raw body, with a one-line reason for every way the body can
 * be malformed.
 *
 * <p>The envelope and the objects are read separately, so that an object weighbridge cannot read
 * is answered with an AdmissionReview naming the problem, not with an HTTP error the apiserver
 * would only report as "failed calling webhook".
 */
@ApplicationScoped
class AdmissionReviewReader {

    /** v1beta1 has the same request and response fields; apiservers still send it when asked. */
    static final Set<String> API_VERSIONS = Set.of("admission.k8s.io/v1", "admission.k8s.io/v1beta1");

    static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

    private static final int MAX_REASON_CHARS = 300;

    private final ObjectMapper mapper;

    AdmissionReviewReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @throws MalformedReviewException when the body is not an AdmissionReview request */
    ReceivedReview read(byte[] body) {
        JsonNode review = parseJson(body);
        if (!review.isObject()) {
            throw new MalformedReviewException("request body is not a JSON object");
        }
        String apiVersion = review.path("apiVersion").asText(null);
        if (apiVersion == null || !API_VERSIONS.contains(apiVersion)) {
            throw new MalformedReviewException(
                    "apiVersion is " + quoted(apiVersion) + ", expected \"admission.k8s.io/v1\"");
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
        try {
            request.setObject(readObject(requestNode.get("object")));
            request.setOldObject(readObject(requestNode.get("oldObject")));
            return new ReceivedReview(apiVersion, request, null);
        } catch (UnreadableObject e) {
            return new ReceivedReview(apiVersion, request, e.getMessage());
        }
    }

    private JsonNode parseJson(byte[] body) {
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedReviewException("request body is not JSON: " + describe(e));
        } catch (IOException e) {
            throw new MalformedReviewException("request body cannot be read: " + oneLine(e.getMessage()));
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
            throw new MalformedReviewException("request is not an AdmissionRequest: " + describe(e));
        }
    }

    private KubernetesResource readObject(JsonNode object) {
        if (object == null || object.isNull()) {
            return null;
        }
        try {
            return mapper.treeToValue(object, KubernetesResource.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String kind = object.path("kind").asText("object");
            if (!isJudged(object)) {
                return readGeneric(object);
            }
            // The apiserver validated this object against its schema before calling us, so a
            // judged kind we cannot read is a bug in weighbridge or its model, never the user's
            // input. It is denied, naming the problem, rather than allowed unweighed: letting an
            // unreadable object through would silently switch the policy off for it.
            throw new UnreadableObject("weighbridge cannot read this " + kind + ": " + describe(e));
        }
    }

    /** Whether WorkloadImages judges objects of this one's apiVersion and kind. */
    private boolean isJudged(JsonNode object) {
        ObjectNode skeleton = mapper.createObjectNode();
        skeleton.set("apiVersion", object.get("apiVersion"));
        skeleton.set("kind", object.get("kind"));
        try {
            return WorkloadImages.supports(mapper.treeToValue(skeleton, KubernetesResource.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return false;
        }
    }

    private GenericKubernetesResource readGeneric(JsonNode object) {
        try {
            return mapper.treeToValue(object, GenericKubernetesResource.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String describe(Exception e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return oneLine(mapping.getOriginalMessage()) + " at " + path(mapping);
        }
        if (e instanceof JsonProcessingException processing) {
            JsonLocation at = processing.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return oneLine(processing.getOriginalMessage()) + where;
        }
        return oneLine(e.getMessage());
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_REASON_CHARS ? line : line.substring(0, MAX_REASON_CHARS - 1) + "…";
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "\"" + oneLine(value) + "\"";
    }

    private static final class UnreadableObject extends RuntimeException {
        UnreadableObject(String message) {
            super(message, null, false, false);
        }
    }
}
