package io.weighbridge.admission;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.weighbridge.workload.GroupKind;
import io.weighbridge.workload.JsonProblems;
import io.weighbridge.workload.JsonValues;
import io.weighbridge.workload.WorkloadRead;
import io.weighbridge.workload.WorkloadReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Set;

/**
 * Reads an AdmissionReview from the raw body in one pass of Jackson's streaming parser, with a
 * one-line reason for every way the body can be malformed.
 *
 * <p>Only what is judged is built: the review's {@code apiVersion} and {@code kind}, the request's
 * {@link #ENVELOPE} fields (bound to fabric8's {@link AdmissionRequest}) and, through the {@link
 * WorkloadReader}, what its objects are judged by; the rest (userInfo, options, managed fields,
 * probes, env…) is skipped token by token. A field that is not read cannot make a review malformed.
 *
 * <p>The envelope and the objects are read separately, so that an object weighbridge cannot read
 * is answered with an AdmissionReview naming the problem, not with an HTTP error the apiserver
 * would only report as "failed calling webhook". Objects are read as every other entry point reads
 * them; in {@code admission.k8s.io/v1beta1} reviews too, which carry the same fields and are
 * answered in their own apiVersion.
 */
@ApplicationScoped
class AdmissionReviewReader {

    /** v1beta1 has the same request and response fields; apiservers still send it when asked. */
    static final Set<String> API_VERSIONS = Set.of("admission.k8s.io/v1", "admission.k8s.io/v1beta1");

    static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

    /** The request's fields the webhook reads besides its objects. */
    static final Set<String> ENVELOPE = Set.of("uid", "kind", "operation", "namespace", "name", "dryRun");

    private static final Set<String> OBJECTS = Set.of("object", "oldObject");

    private final ObjectMapper mapper;
    private final WorkloadReader workloads;

    AdmissionReviewReader(ObjectMapper mapper, WorkloadReader workloads) {
        this.mapper = mapper;
        this.workloads = workloads;
    }

    /** @throws MalformedReviewException when the body is not an AdmissionReview request */
    ReceivedReview read(byte[] body) {
        try {
            try (JsonParser parser = mapper.getFactory().createParser(body)) {
                return read(parser);
            } catch (WorkloadReader.RepeatedKindException | ReadFromTree e) {
                // Not what an apiserver sends: read from the whole tree, where the last of a repeated field counts.
                try (JsonParser tokens = mapper.treeAsTokens(mapper.readTree(body))) {
                    return read(tokens);
                }
            }
        } catch (JsonProcessingException e) {
            throw new MalformedReviewException("request body is not JSON: " + JsonProblems.describe(e));
        } catch (IOException e) {
            throw new MalformedReviewException("request body cannot be read: " + JsonProblems.oneLine(e.getMessage()));
        }
    }

    private ReceivedReview read(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new MalformedReviewException("request body is empty");
        }
        if (first != JsonToken.START_OBJECT) {
            parser.skipChildren(); // read to its end first: a body that is not JSON is said so
            throw new MalformedReviewException("request body is not a JSON object");
        }
        JsonNode apiVersionNode = null;
        JsonNode kindNode = null;
        Request request = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "apiVersion" -> apiVersionNode = whole(parser);
                case "kind" -> kindNode = whole(parser);
                case "request" ->
                    request = parser.currentToken() == JsonToken.START_OBJECT ? request(parser) : skipped(parser);
                default -> parser.skipChildren();
            }
        }
        String apiVersion = textOf(apiVersionNode);
        if (apiVersion == null || !API_VERSIONS.contains(apiVersion)) {
            throw new MalformedReviewException("apiVersion is " + quoted(apiVersion)
                    + ", expected \"admission.k8s.io/v1\" or \"admission.k8s.io/v1beta1\"");
        }
        String kind = textOf(kindNode);
        if (!"AdmissionReview".equals(kind)) {
            throw new MalformedReviewException("kind is " + quoted(kind) + ", expected \"AdmissionReview\"");
        }
        if (request == null) {
            throw new MalformedReviewException("AdmissionReview has no request");
        }
        AdmissionRequest envelope = readEnvelope(request.envelope());
        if (envelope.getUid() == null || envelope.getUid().isBlank()) {
            throw new MalformedReviewException("AdmissionReview has no request.uid");
        }
        if (envelope.getOperation() == null || !OPERATIONS.contains(envelope.getOperation())) {
            throw new MalformedReviewException("request.operation is " + quoted(envelope.getOperation())
                    + ", expected one of CREATE, UPDATE, DELETE, CONNECT");
        }
        return new ReceivedReview(apiVersion, envelope, request.object(), request.oldObject());
    }

    /**
     * The request's envelope and its objects. An object comes after the request's {@code kind}
     * (the apiserver writes them in this order), which names the object's kind when the object
     * does not; one that comes before it is read once the request is.
     */
    private Request request(JsonParser parser) throws IOException {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        ObjectNode early = JsonNodeFactory.instance.objectNode();
        WorkloadRead object = null;
        WorkloadRead oldObject = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (OBJECTS.contains(field)) {
                if (early.has(field) || (field.equals("object") ? object : oldObject) != null) {
                    throw new ReadFromTree();
                }
                if (!envelope.has("kind")) {
                    early.set(field, whole(parser));
                    continue;
                }
                WorkloadRead read = workloads.read(parser, named(envelope));
                if (field.equals("object")) {
                    object = read;
                } else {
                    oldObject = read;
                }
            } else if (ENVELOPE.contains(field)) {
                if (field.equals("kind") && (object != null || oldObject != null)) {
                    throw new ReadFromTree();
                }
                envelope.set(field, whole(parser));
            } else {
                parser.skipChildren();
            }
        }
        GroupKind named = named(envelope);
        if (early.has("object")) {
            object = workloads.read(early.get("object"), named);
        }
        if (early.has("oldObject")) {
            oldObject = workloads.read(early.get("oldObject"), named);
        }
        return new Request(
                envelope,
                object == null ? workloads.read((JsonNode) null, named) : object,
                oldObject == null ? workloads.read((JsonNode) null, named) : oldObject);
    }

    /** The group and kind the request names, or {@code null} (also when it is misshapen: then the envelope is). */
    private GroupKind named(ObjectNode envelope) {
        JsonNode kind = envelope.get("kind");
        if (kind == null || !kind.isObject()) {
            return null;
        }
        try {
            GroupVersionKind named = mapper.treeToValue(kind, GroupVersionKind.class);
            return named.getKind() == null ? null : new GroupKind(named.getGroup(), named.getKind());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private AdmissionRequest readEnvelope(ObjectNode envelope) {
        try {
            return mapper.treeToValue(envelope, AdmissionRequest.class);
        } catch (JsonProcessingException e) {
            throw new MalformedReviewException("request is not an AdmissionRequest: " + JsonProblems.describe(e));
        }
    }

    private JsonNode whole(JsonParser parser) throws IOException {
        return JsonValues.whole(mapper, parser);
    }

    private static Request skipped(JsonParser parser) throws IOException {
        parser.skipChildren();
        return null;
    }

    private static String textOf(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText(null);
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "\"" + JsonProblems.oneLine(value) + "\"";
    }

    /** The request's envelope fields as JSON, and what its objects are. */
    private record Request(ObjectNode envelope, WorkloadRead object, WorkloadRead oldObject) {}

    /**
     * A request that names an object twice, or its kind after an object read by the kind it named
     * before, which no apiserver sends: it is read from its tree, where the last of a repeated field counts.
     */
    private static final class ReadFromTree extends RuntimeException {
        ReadFromTree() {
            super("a repeated field in the request", null, false, false);
        }
    }
}
