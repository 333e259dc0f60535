package io.weighbridge.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.UUID;

/** Wraps a manifest into the AdmissionReview an apiserver would send for it. */
final class AdmissionReviewFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private String uid = UUID.randomUUID().toString();
    private String operation;
    private JsonNode object;
    private JsonNode oldObject;
    private String namespace;
    private boolean dryRun;

    private AdmissionReviewFixture(String operation, JsonNode object, JsonNode oldObject) {
        this.operation = operation;
        this.object = object;
        this.oldObject = oldObject;
        this.namespace = (object != null ? object : oldObject)
                .path("metadata")
                .path("namespace")
                .asText(null);
    }

    static AdmissionReviewFixture create(String manifest) {
        return create(Manifests.json(manifest));
    }

    static AdmissionReviewFixture create(JsonNode object) {
        return new AdmissionReviewFixture("CREATE", object, null);
    }

    static AdmissionReviewFixture update(JsonNode oldObject, JsonNode object) {
        return new AdmissionReviewFixture("UPDATE", object, oldObject);
    }

    static AdmissionReviewFixture delete(String manifest) {
        return delete(Manifests.json(manifest));
    }

    static AdmissionReviewFixture delete(JsonNode oldObject) {
        return new AdmissionReviewFixture("DELETE", null, oldObject);
    }

    AdmissionReviewFixture uid(String uid) {
        this.uid = uid;
        return this;
    }

    AdmissionReviewFixture namespace(String namespace) {
        this.namespace = namespace;
        return this;
    }

    AdmissionReviewFixture dryRun() {
        this.dryRun = true;
        return this;
    }

    String uid() {
        return uid;
    }

    ObjectNode review() {
        JsonNode subject = object != null ? object : oldObject;
        String apiVersion = subject.path("apiVersion").asText();
        String kind = subject.path("kind").asText();
        String resource = kind.toLowerCase(Locale.ROOT) + "s";
        ObjectNode review =
                JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", uid);
        request.set("kind", groupVersion(apiVersion).put("kind", kind));
        request.set("resource", groupVersion(apiVersion).put("resource", resource));
        request.set("requestKind", groupVersion(apiVersion).put("kind", kind));
        request.set("requestResource", groupVersion(apiVersion).put("resource", resource));
        request.put("name", subject.path("metadata").path("name").asText());
        if (namespace != null) {
            request.put("namespace", namespace);
        }
        request.put("operation", operation);
        ObjectNode user = request.putObject("userInfo")
                .put("username", "alice@example.com")
                .put("uid", "4f0c2c1e-6f8a-4d39-9a57-0d2b2d6e8e11");
        user.putArray("groups").add("shop-developers").add("system:authenticated");
        request.set("object", object);
        request.set("oldObject", oldObject);
        request.put("dryRun", dryRun);
        String options = switch (operation) {
            case "CREATE" -> "CreateOptions";
            case "UPDATE" -> "UpdateOptions";
            default -> "DeleteOptions";
        };
        request.putObject("options").put("apiVersion", "meta.k8s.io/v1").put("kind", options);
        return review;
    }

    String json() {
        return review().toString();
    }

    /** What kubectl exec sends: a CONNECT on pods/exec carrying PodExecOptions. */
    static String connectExec(String uid) {
        ObjectNode review =
                JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", uid);
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "PodExecOptions");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        request.put("subResource", "exec")
                .put("name", "toolbox")
                .put("namespace", "shop")
                .put("operation", "CONNECT");
        request.putObject("userInfo").put("username", "alice@example.com");
        ObjectNode options = request.putObject("object")
                .put("apiVersion", "v1")
                .put("kind", "PodExecOptions")
                .put("stdin", true)
                .put("tty", true)
                .put("container", "toolbox");
        options.putArray("command").add("sh");
        request.put("dryRun", false);
        return review.toString();
    }

    private static ObjectNode groupVersion(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return JSON.createObjectNode()
                .put("group", slash < 0 ? "" : apiVersion.substring(0, slash))
                .put("version", apiVersion.substring(slash + 1));
    }
}
