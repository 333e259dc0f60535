package io.weighbridge.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.weighbridge.image.Deadline;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageVerdict;
import io.weighbridge.policy.PolicyEngine;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.testing.PolicyCase;
import io.weighbridge.testing.PolicyCase.Expected;
import io.weighbridge.testing.PolicyCase.ExpectedFinding;
import io.weighbridge.testing.PolicyCase.ExpectedImage;
import io.weighbridge.testing.RegistryTestResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every folder of {@code src/test/resources/policy-cases/} against the real engine and the real
 * fixture registries. The object is wrapped in an AdmissionReview and mapped by the webhook's own
 * reader and triage (UPDATE when the case has an {@code old-object.yaml}), so each case proves what
 * {@code /validate} would judge; only the policies are the case's instead of the installed ones.
 * It lives in the admission package for that reason: the triage is package-private.
 */
@QuarkusTest
class PolicyCasesIT {

    @Inject
    PolicyEngine engine;

    @Inject
    AdmissionReviewReader reader;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = RegistryTestResource.REGISTRY_PROPERTY)
    String registry;

    @ConfigProperty(name = RegistryTestResource.AUTH_REGISTRY_PROPERTY)
    String authRegistry;

    static Stream<String> cases() throws IOException {
        return PolicyCase.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesTheCaseAsExpected(String name) throws Exception {
        PolicyCase policyCase = PolicyCase.read(name, registry, authRegistry);
        PolicySet policies = PolicyLoader.parse(policyCase.policy(), name + "/policy.yaml");

        Triage triage = AdmissionTriage.triage(reader.read(review(policyCase)), Deadline.in(Duration.ofSeconds(8)));
        Triage.Judge judge = assertInstanceOf(Triage.Judge.class, triage, "the webhook must judge this object");
        EvaluationRequest mapped = judge.evaluation();
        EvaluationRequest request =
                new EvaluationRequest(mapped.namespace(), mapped.kind(), mapped.images(), policies, mapped.deadline());
        Evaluation evaluation = engine.evaluate(request).get(30, TimeUnit.SECONDS);

        assertMatches(policyCase.expected(), evaluation);
    }

    /** The AdmissionReview the apiserver would send for the case's object. */
    private byte[] review(PolicyCase policyCase) throws IOException {
        JsonNode object = policyCase.object();
        String[] groupVersion = object.path("apiVersion").asText().split("/");
        ObjectNode request = json.createObjectNode();
        request.put("uid", "policy-case-" + policyCase.name());
        ObjectNode kind = request.putObject("kind");
        kind.put("group", groupVersion.length == 2 ? groupVersion[0] : "");
        kind.put("version", groupVersion[groupVersion.length - 1]);
        kind.put("kind", object.path("kind").asText());
        if (object.path("metadata").hasNonNull("namespace")) {
            request.put("namespace", object.path("metadata").path("namespace").asText());
        }
        request.put("operation", policyCase.oldObject() == null ? "CREATE" : "UPDATE");
        request.set("object", object);
        if (policyCase.oldObject() != null) {
            request.set("oldObject", policyCase.oldObject());
        }
        ObjectNode review = json.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        review.set("request", request);
        return json.writeValueAsBytes(review);
    }

    /**
     * Compares verdicts and findings as one text, so that a failure shows a diff of the whole case,
     * then checks each expected message substring against the actual message.
     */
    static void assertMatches(Expected expected, Evaluation actual) {
        assertEquals(render(expected), render(actual), "verdicts and findings; actual messages:\n" + messages(actual));
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < expected.images().size(); i++) {
            ExpectedImage image = expected.images().get(i);
            for (int j = 0; j < image.findings().size(); j++) {
                String message = actual.images().get(i).findings().get(j).message();
                for (String part : image.findings().get(j).messageContains()) {
                    if (!message.contains(part)) {
                        missing.add("images[" + i + "].findings[" + j + "] lacks \"" + part + "\"\n    in: " + message);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            fail("messages differ:\n  " + String.join("\n  ", missing));
        }
    }

    private static String render(Expected expected) {
        StringBuilder text = new StringBuilder("verdict: " + expected.verdict() + "\n");
        for (ExpectedImage image : expected.images()) {
            text.append(imageLine(image.image(), image.verdict()));
            for (ExpectedFinding f : image.findings()) {
                text.append(findingLine(f.policy(), f.rule(), f.action(), f.dryRun()));
            }
        }
        return text.toString();
    }

    private static String render(Evaluation evaluation) {
        StringBuilder text =
                new StringBuilder("verdict: " + evaluation.verdict().id() + "\n");
        for (ImageVerdict image : evaluation.images()) {
            text.append(imageLine(image.image(), image.verdict().id()));
            for (Finding f : image.findings()) {
                text.append(findingLine(f.policy(), f.rule(), f.action().id(), f.dryRun()));
            }
        }
        return text.toString();
    }

    private static String imageLine(String image, String verdict) {
        return "- " + image + ": " + verdict + "\n";
    }

    private static String findingLine(String policy, String rule, String action, boolean dryRun) {
        return "    " + policy + "/" + rule + " -> " + action + (dryRun ? " (dry run)" : "") + "\n";
    }

    private static String messages(Evaluation evaluation) {
        StringBuilder text = new StringBuilder();
        for (ImageVerdict image : evaluation.images()) {
            for (Finding f : image.findings()) {
                text.append("  ")
                        .append(f.policy())
                        .append('/')
                        .append(f.rule())
                        .append(": ")
                        .append(f.message())
                        .append('\n');
            }
            if (image.error() != null) {
                text.append("  (")
                        .append(image.image())
                        .append(" not weighed: ")
                        .append(image.error())
                        .append(")\n");
            }
        }
        return text.toString();
    }
}
