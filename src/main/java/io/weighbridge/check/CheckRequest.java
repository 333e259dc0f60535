package io.weighbridge.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.InvalidImageReferenceException;
import java.util.List;

/**
 * The body of {@code POST /api/v1/check}: bare images, or one object, and optionally a policy
 * to try instead of the installed ones.
 *
 * @param images image references as users write them
 * @param namespace where the images or the object would run, or {@code null}
 * @param object any Kubernetes/OpenShift object the webhook judges
 * @param policy {@code ImageSizePolicy} YAML text, or {@code null} for the installed policies
 */
public record CheckRequest(List<String> images, String namespace, JsonNode object, String policy) {

    public CheckRequest {
        images = images == null ? List.of() : List.copyOf(images);
        namespace = namespace == null || namespace.isBlank() ? null : namespace;
        object = object == null || object.isNull() ? null : object;
        policy = policy == null || policy.isBlank() ? null : policy;
    }

    /** Reads and checks the shape of a body; the exception's message is the one-line reason. */
    public static CheckRequest parse(String body, ObjectMapper json) {
        if (body == null || body.isBlank()) {
            throw new InvalidCheckRequestException("empty body: send {\"images\": [...]} or {\"object\": {...}}");
        }
        CheckRequest request;
        try {
            request = json.readValue(body, CheckRequest.class);
        } catch (JsonProcessingException e) {
            throw new InvalidCheckRequestException("malformed JSON: " + e.getOriginalMessage());
        }
        if (request == null) {
            throw new InvalidCheckRequestException("empty body: send {\"images\": [...]} or {\"object\": {...}}");
        }
        return request.validated();
    }

    private CheckRequest validated() {
        if (images.isEmpty() && object == null) {
            throw new InvalidCheckRequestException("nothing to check: give \"images\" or \"object\"");
        }
        if (!images.isEmpty() && object != null) {
            throw new InvalidCheckRequestException("give either \"images\" or \"object\", not both");
        }
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i) == null || images.get(i).isBlank()) {
                throw new InvalidCheckRequestException("images[" + i + "] is empty");
            }
            try {
                ImageReference.parse(images.get(i));
            } catch (InvalidImageReferenceException e) {
                throw new InvalidCheckRequestException("images[" + i + "]: " + e.getMessage());
            }
        }
        return this;
    }

    public boolean checksObject() {
        return object != null;
    }
}
