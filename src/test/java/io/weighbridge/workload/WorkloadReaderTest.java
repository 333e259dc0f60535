package io.weighbridge.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.weighbridge.build.BaseRef;
import io.weighbridge.build.BuildPlan;
import io.weighbridge.image.PullSecretRefs;
import io.weighbridge.testing.WorkloadFixture;
import io.weighbridge.workload.WorkloadRead.Judged;
import io.weighbridge.workload.WorkloadRead.NotJudged;
import io.weighbridge.workload.WorkloadRead.Unreadable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadReaderTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String IMAGE = "registry.test/app/big:1.0";
    private static final String REGISTRY = "registry.test";

    private final WorkloadReader builtIn = new WorkloadReader(WorkloadKinds.builtIn());
    private final WorkloadReader withCustom = new WorkloadReader(CustomKindsTest.documentedExamples());

    static List<WorkloadFixture> builtInKinds() {
        return WorkloadFixture.in("kinds");
    }

    static List<WorkloadFixture> customKinds() {
        return WorkloadFixture.in("custom");
    }

    /** The sample manifests of {@code src/test/resources/manifests/} of judged kinds: init and ephemeral containers, digests. */
    static Stream<String> samples() {
        return Stream.of(
                "pod.yaml",
                "deployment.yaml",
                "replicaset.yaml",
                "statefulset.yaml",
                "daemonset.yaml",
                "job.yaml",
                "cronjob.yaml",
                "replicationcontroller.yaml",
                "deploymentconfig.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInKinds")
    void readsEveryBuiltInKindInEveryVersionByItsGroupAndKind(WorkloadFixture fixture) {
        JsonNode object = fixture.tree(IMAGE, REGISTRY);

        Judged judged = assertInstanceOf(Judged.class, builtIn.read(object), fixture.name());

        assertEquals(
                GroupKind.of(
                        object.path("apiVersion").asText(), object.path("kind").asText()),
                judged.kind().groupKind());
        if (judged.kind().judgesBuild()) {
            assertEquals(
                    List.of(IMAGE),
                    BuildPlan.of(judged.build()).bases().stream()
                            .map(BaseRef::name)
                            .toList(),
                    fixture.name());
        } else {
            assertEquals(imagesByWalkingTheTree(object), judged.images(), fixture.name());
            assertTrue(judged.images().stream().anyMatch(image -> image.image().equals(IMAGE)), fixture.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void findsEveryContainerImageInitFirstEphemeralLast(String sample) throws IOException {
        JsonNode object = manifest(sample);

        Judged judged = assertInstanceOf(Judged.class, builtIn.read(object));

        assertEquals(imagesByWalkingTheTree(object), judged.images());
        assertTrue(judged.images().size() >= 1, sample);
    }

    @Test
    void readsTheOldFormsOfTheNewOnesTheSameWay() {
        JsonNode current = fixture("kinds", "cronjob-batch-v1.yaml");
        JsonNode old = fixture("kinds", "cronjob-batch-v1beta1.yaml");

        Judged now = (Judged) builtIn.read(current);
        Judged then = (Judged) builtIn.read(old);

        assertEquals(now.images(), then.images());
        assertEquals(now.kind(), then.kind());
        assertEquals(
                List.of(new ContainerImage("report", IMAGE), new ContainerImage("upload", REGISTRY + "/app/small:1.0")),
                then.images());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("customKinds")
    void readsTheDocumentedCustomKindsOnceConfiguredAndNotBefore(WorkloadFixture fixture) {
        JsonNode object = fixture.tree(IMAGE, REGISTRY);

        Judged judged = assertInstanceOf(Judged.class, withCustom.read(object));
        assertInstanceOf(NotJudged.class, builtIn.read(object));

        assertTrue(judged.kind().custom());
        assertEquals(imagesByWalkingTheTree(object), judged.images());
        assertTrue(judged.images().stream().anyMatch(image -> image.image().equals(IMAGE)), fixture.name());
    }

    @Test
    void aKnativeServicesContainerNeedsNoName() {
        Judged knative = (Judged) withCustom.read(fixture("custom", "service-serving.knative.dev-v1.yaml"));

        assertEquals(List.of(new ContainerImage(null, IMAGE)), knative.images());
    }

    @Test
    void matchesTheGroupAndNotOnlyTheKind() {
        ObjectNode service = object("v1", "Service", "spec", "{\"ports\": [{\"port\": 80}]}");
        ObjectNode widgetDeployment =
                object("example.com/v1", "Deployment", "spec.template.spec", "{\"containers\": []}");

        assertInstanceOf(NotJudged.class, withCustom.read(service), "a core Service is not a Knative Service");
        assertInstanceOf(NotJudged.class, builtIn.read(widgetDeployment));
        assertInstanceOf(NotJudged.class, builtIn.read(manifestQuietly("configmap.yaml")));
    }

    @Test
    void takesTheKindTheRequestNamesWhenTheObjectDoesNotSay() {
        ObjectNode nameless = (ObjectNode) fixture("kinds", "deployment-apps-v1.yaml");
        nameless.remove("apiVersion");
        nameless.remove("kind");

        WorkloadRead read = builtIn.read(nameless, new GroupKind("apps", "Deployment"));

        assertEquals(
                "Deployment", assertInstanceOf(Judged.class, read).identity().kindName());
        assertInstanceOf(NotJudged.class, builtIn.read(nameless));
    }

    @Test
    void anObjectWithoutItsPodSpecYetHasNoImages() {
        ObjectNode draft = (ObjectNode)
                YAML.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        draft.putObject("metadata").put("name", "draft");
        draft.putObject("spec").putNull("template");

        Judged judged = assertInstanceOf(Judged.class, builtIn.read(draft));

        assertNull(judged.podSpec());
        assertEquals(List.of(), judged.images());
    }

    @Test
    void neverReadsTheFieldsItDoesNotJudge() {
        ObjectNode odd = (ObjectNode) fixture("kinds", "deployment-apps-v1.yaml");
        ((ObjectNode) odd.get("spec")).put("replicas", "three").put("strategy", 42);
        odd.putArray("status");
        // Nor those of the pod spec (issue 13: skipped, not built): binding them whole made the object unreadable.
        ObjectNode container = (ObjectNode)
                podSpec(odd, "spec.template.spec").get("containers").get(0);
        container.put("ports", "8080").putArray("env").add("SECRET=s3cr3t");
        podSpec(odd, "spec.template.spec").putArray("volumes").add("data");

        Judged judged = assertInstanceOf(Judged.class, builtIn.read(odd));

        assertEquals(2, judged.images().size());
    }

    record Misshapen(String what, String fixture, Consumer<ObjectNode> breakIt, String problem) {
        @Override
        public String toString() {
            return what;
        }
    }

    static List<Misshapen> misshapen() {
        return List.of(
                new Misshapen(
                        "containers a string",
                        "deployment-apps-v1.yaml",
                        o -> podSpec(o, "spec.template.spec").put("containers", "nginx"),
                        "spec.template.spec.containers is a string, not a list"),
                new Misshapen(
                        "pod template a list",
                        "deployment-extensions-v1beta1.yaml",
                        o -> ((ObjectNode) o.get("spec")).putArray("template"),
                        "spec.template is a list, not an object"),
                new Misshapen(
                        "job template a string",
                        "cronjob-batch-v1beta1.yaml",
                        o -> ((ObjectNode) o.get("spec")).put("jobTemplate", "nightly"),
                        "spec.jobTemplate is a string, not an object"),
                new Misshapen(
                        "a Pod's spec a number",
                        "pod-core-v1.yaml",
                        o -> o.put("spec", 7),
                        "spec is a number, not an object"),
                new Misshapen(
                        "a container a string",
                        "statefulset-apps-v1beta2.yaml",
                        o -> podSpec(o, "spec.template.spec")
                                .putArray("containers")
                                .add("postgres:16"),
                        "spec.template.spec.containers[0] is a string, not a container"),
                new Misshapen(
                        "an image a number",
                        "job-batch-v1.yaml",
                        o -> ((ObjectNode) podSpec(o, "spec.template.spec")
                                        .get("initContainers")
                                        .get(0))
                                .put("image", 5),
                        "spec.template.spec.initContainers[0].image is a number, not a string"),
                new Misshapen(
                        "ephemeral containers an object",
                        "pod-core-v1.yaml",
                        o -> podSpec(o, "spec").putObject("ephemeralContainers"),
                        "spec.ephemeralContainers is an object, not a list"),
                new Misshapen(
                        "pull secrets a string",
                        "daemonset-apps-v1.yaml",
                        o -> podSpec(o, "spec.template.spec").put("imagePullSecrets", "regcred"),
                        "spec.template.spec.imagePullSecrets is a string, not a list"),
                new Misshapen(
                        "a pull secret a string",
                        "cronjob-batch-v1.yaml",
                        o -> podSpec(o, "spec.jobTemplate.spec.template.spec")
                                .putArray("imagePullSecrets")
                                .add("regcred"),
                        "spec.jobTemplate.spec.template.spec.imagePullSecrets[0] is a string, not an object"),
                new Misshapen(
                        "a container's name a list, which only binding finds",
                        "deployment-apps-v1beta1.yaml",
                        o -> ((ObjectNode) podSpec(o, "spec.template.spec")
                                        .get("containers")
                                        .get(0))
                                .putArray("name")
                                .add("web"),
                        "spec.template.spec.containers[0].name: expected a string, not a list"),
                new Misshapen(
                        "a pull secret's name an object: its value is not repeated",
                        "replicaset-apps-v1beta2.yaml",
                        o -> podSpec(o, "spec.template.spec")
                                .putArray("imagePullSecrets")
                                .addObject()
                                .putObject("name")
                                .put("token", "s3cr3t-token"),
                        "spec.template.spec.imagePullSecrets[0].name: expected a string, not an object"),
                new Misshapen(
                        "metadata a string",
                        "replicaset-apps-v1.yaml",
                        o -> o.put("metadata", "frontend"),
                        "metadata is a string, not an object"),
                new Misshapen(
                        "a build strategy a string",
                        "buildconfig-build.openshift.io-v1.yaml",
                        o -> ((ObjectNode) o.get("spec")).put("strategy", "Docker"),
                        "spec.strategy: expected an object, not a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misshapen")
    void saysWhereAndWhatWhenThePodSpecIsNotShapedLikeOne(Misshapen row) {
        ObjectNode object = (ObjectNode) fixture("kinds", row.fixture());
        row.breakIt().accept(object);

        Unreadable unreadable = assertInstanceOf(Unreadable.class, builtIn.read(object));

        assertTrue(unreadable.problem().startsWith(row.problem()), unreadable.problem());
        assertFalse(unreadable.problem().contains("s3cr3t"), unreadable.problem());
        assertEquals(
                "weighbridge cannot read this " + object.path("kind").asText() + ": " + unreadable.problem(),
                unreadable.sentence());
    }

    @Test
    void anObjectThatIsNoObjectIsUnreadableWhenTheRequestNamesAJudgedKind() {
        Unreadable unreadable = assertInstanceOf(
                Unreadable.class, builtIn.read(TextNode.valueOf("nginx"), new GroupKind("batch", "CronJob")));

        assertEquals(
                "weighbridge cannot read this CronJob: the object is a string, not a JSON object",
                unreadable.sentence());
    }

    @Test
    void namesAnUnreadableObjectAsFarAsItSays() {
        ObjectNode object = (ObjectNode) fixture("kinds", "cronjob-batch-v2alpha1.yaml");
        ((ObjectNode) object.get("spec")).put("jobTemplate", "nightly");

        ObjectIdentity identity = builtIn.read(object).identity();

        assertEquals("CronJob shop/nightly-report", identity.describe());
        assertEquals("CronJob/nightly-report", identity.kindSlashName());
    }

    @Test
    void readsATypedObjectLikeItsJson() {
        Deployment typed = new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage(IMAGE)
                .endContainer()
                .addNewImagePullSecret("regcred")
                .withServiceAccountName("deployer")
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();

        Judged judged = assertInstanceOf(Judged.class, builtIn.read(typed));

        assertEquals(List.of(new ContainerImage("web", IMAGE)), judged.images());
        assertEquals(new PullSecretRefs(List.of("regcred"), "deployer"), judged.pullSecrets());
        assertEquals("shop", judged.identity().namespace());
    }

    @Test
    void takesTheDeprecatedServiceAccountFieldWhenTheCurrentOneIsUnset() {
        ObjectNode pod = (ObjectNode) fixture("kinds", "pod-core-v1.yaml");
        podSpec(pod, "spec").put("serviceAccount", "legacy-builder");

        assertEquals(new PullSecretRefs(List.of(), "legacy-builder"), ((Judged) builtIn.read(pod)).pullSecrets());
    }

    @Test
    void saysAnObjectBeingDeletedIsBeingDeleted() {
        ObjectNode pod = (ObjectNode) fixture("kinds", "pod-core-v1.yaml");
        ((ObjectNode) pod.get("metadata")).put("deletionTimestamp", "2026-11-23T10:00:00Z");

        assertTrue(builtIn.read(pod).identity().beingDeleted());
    }

    /**
     * An oracle that knows no kind and no path: every list named initContainers, containers or
     * ephemeralContainers anywhere in the object, init first and ephemeral last, as a kubelet runs them.
     */
    static List<ContainerImage> imagesByWalkingTheTree(JsonNode object) {
        Map<String, List<ContainerImage>> found = Map.of(
                "initContainers",
                new ArrayList<>(),
                "containers",
                new ArrayList<>(),
                "ephemeralContainers",
                new ArrayList<>());
        walk(object, found);
        List<ContainerImage> images = new ArrayList<>(found.get("initContainers"));
        images.addAll(found.get("containers"));
        images.addAll(found.get("ephemeralContainers"));
        return images;
    }

    private static void walk(JsonNode node, Map<String, List<ContainerImage>> found) {
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (found.containsKey(field.getKey()) && value.isArray()) {
                String prefix = switch (field.getKey()) {
                    case "initContainers" -> "init:";
                    case "ephemeralContainers" -> "ephemeral:";
                    default -> "";
                };
                for (JsonNode container : value) {
                    String name = container.path("name").asText(null);
                    found.get(field.getKey())
                            .add(new ContainerImage(
                                    name == null && prefix.isEmpty() ? null : prefix + name,
                                    container.path("image").asText()));
                }
            } else if (value.isObject()) {
                walk(value, found);
            }
        });
    }

    private static ObjectNode podSpec(ObjectNode object, String path) {
        JsonNode node = object;
        for (String field : path.split("\\.")) {
            node = node.get(field);
        }
        return (ObjectNode) node;
    }

    private static ObjectNode object(String apiVersion, String kind, String path, String podSpec) {
        try {
            ObjectNode object =
                    YAML.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
            object.putObject("metadata").put("name", "x");
            ObjectNode node = object;
            String[] fields = path.split("\\.");
            for (int i = 0; i < fields.length - 1; i++) {
                node = node.putObject(fields[i]);
            }
            node.set(fields[fields.length - 1], YAML.readTree(podSpec));
            return object;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode fixture(String folder, String file) {
        return WorkloadFixture.read(WorkloadFixture.FOLDER.resolve(folder).resolve(file))
                .tree(IMAGE, REGISTRY);
    }

    private static JsonNode manifest(String file) throws IOException {
        try (InputStream in = WorkloadReaderTest.class.getResourceAsStream("/manifests/" + file)) {
            return YAML.readTree(in);
        }
    }

    private static JsonNode manifestQuietly(String file) {
        try {
            return manifest(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
