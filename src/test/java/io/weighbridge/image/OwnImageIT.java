package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.JibContainer;
import io.vertx.core.Vertx;
import io.weighbridge.build.ImageBuilder;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.ImageVerdict;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.testing.TestRegistry;
import io.weighbridge.tls.DeletingPodReview;
import io.weighbridge.tls.HttpsConnection;
import io.weighbridge.tls.ServingCertificates;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weighbridge's own image, as {@code ./mvnw verify -Pimage} builds it (runtime in target/image,
 * tarball in target/weighbridge-image.tar): pushed to a real registry and weighed by the webhook's
 * own engine under the shipped {@code policies/}, and its runtime run straight from its layers.
 */
class OwnImageIT {
    private static final Path RUNTIME = Path.of("target/image");
    private static final Path APP = Path.of("target/quarkus-app");
    private static final Path TARBALL = Path.of("target/weighbridge-image.tar");
    /** Quarkus' defaults, which a webhook started without port settings holds. */
    private static final int DEFAULT_MANAGEMENT_PORT = 9000;

    private static final int DEFAULT_HTTP_PORT = 8080;

    private static TestRegistry registry;
    private static Vertx vertx;
    private static JibContainer pushed;

    @BeforeAll
    static void pushTheImage() throws Exception {
        assertTrue(
                Files.isDirectory(RUNTIME.resolve("jre")) && Files.isRegularFile(TARBALL),
                "no built image: run ./mvnw verify -Pimage (image/build-runtime, then ImageBuilder)");
        registry = TestRegistry.start();
        vertx = Vertx.vertx();
        long started = System.nanoTime();
        pushed = ImageBuilder.toRegistry(
                ImageBuilder.image(RUNTIME, APP, Path.of("policies")),
                registry.hostPort() + "/weighbridge/weighbridge:test");
        System.out.printf(
                "[own-image] built and pushed %s in %d s%n",
                pushed.getDigest(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theTarballIsTheSameImageAsThePushedOne() throws Exception {
        OciArchive archive = OciArchive.read(TARBALL);
        assertEquals(
                pushed.getDigest().toString(),
                archive.manifestDigest(),
                "same inputs, same digest: the build is reproducible");
    }

    @Test
    void itPassesTheShippedPolicies() throws Exception {
        PolicySet shipped = PolicyLoader.load(Path.of("policies"));
        RegistryImageWeigher weigher = RegistryImageWeigher.builder(
                        vertx, TestRegistryConfig.forLocal(registry.hostPort()))
                .build();
        DefaultPolicyEngine engine = new DefaultPolicyEngine(weigher, () -> shipped);
        String image = registry.hostPort() + "/weighbridge/weighbridge:test";
        // "default", not "weighbridge": the shipped cluster-defaults exclude the webhook's own namespace.
        Evaluation evaluation = evaluate(engine, image);

        ImageVerdict verdict = evaluation.images().get(0);
        ImageWeight weight = verdict.weight();
        assertNotNull(weight, verdict.error());
        System.out.printf(
                "[own-image] %s %s: %s compressed (%d bytes), base %s, verdict %s%n",
                image,
                weight.digest(),
                mib(weight.sizeBytes()),
                weight.sizeBytes(),
                weight.base(),
                evaluation.verdict().id());
        System.out.printf("[own-image]   config %d bytes%n", weight.configBytes());
        List<String> names = List.of("os", "java", "dependencies", "policies", "application");
        for (int i = 0; i < weight.layers().size(); i++) {
            Layer layer = weight.layers().get(i);
            System.out.printf(
                    "[own-image]   layer %-12s %10s  %s%n",
                    i < names.size() ? names.get(i) : "?", mib(layer.sizeBytes()), layer.digest());
        }
        evaluation
                .findings()
                .forEach(f -> System.out.println("[own-image]   finding " + f.policy() + "/" + f.rule() + " "
                        + f.action().id() + ": " + f.message()));
        assertEquals(Action.ALLOW, evaluation.verdict(), "its own image passes the shipped policies without a word");
        assertEquals(0, evaluation.findings().count());
        assertEquals("distroless", weight.base().distribution());
        assertEquals(names.size(), weight.layers().size());

        // Not vacuous: the same policies, preferring only alpine, do judge it in this namespace.
        String shippedText = Files.readString(Path.of("policies/cluster-defaults.yaml"));
        String alpineOnly =
                shippedText.replace("preferredBases: [alpine, distroless, scratch]", "preferredBases: [alpine]");
        assertTrue(!alpineOnly.equals(shippedText), "the shipped preferredBases line changed: update this test");
        PolicySet stricter = PolicyLoader.parse(alpineOnly, "cluster-defaults.yaml (alpine only)");
        Evaluation judged = evaluate(new DefaultPolicyEngine(weigher, () -> stricter), image);
        judged.findings()
                .forEach(f -> System.out.println("[own-image]   with preferredBases [alpine]: " + f.rule() + " "
                        + f.action().id()));
        assertEquals(Action.WARN, judged.verdict());
    }

    private static Evaluation evaluate(DefaultPolicyEngine engine, String image) {
        return engine.evaluate(new EvaluationRequest(
                        "default",
                        "Pod",
                        List.of(ImageUse.of(image)),
                        null,
                        Deadline.in(java.time.Duration.ofSeconds(60))))
                .join();
    }

    @Test
    void itsRuntimeRunsTheApp(@TempDir Path root) throws Exception {
        OciArchive.read(TARBALL).unpackLayers(root);
        Path java = root.resolve("opt/java/bin/java");
        // As in the image, WEIGHBRIDGE_POLICY_PATH names the baked-in policies. The host's glibc and loader serve this
        // run (the jlinked java is started directly, not in a
        // container); the image's own libraries are exercised only where the image runs.
        // The webhook's default ports are taken meanwhile, as by a webhook running beside it: a command binds neither.
        try (HeldPorts held = HeldPorts.hold(DEFAULT_MANAGEMENT_PORT, DEFAULT_HTTP_PORT)) {
            System.out.println("[own-image] " + held);
            CommandRun lint = CommandRun.of(
                    root,
                    Map.of(
                            "WEIGHBRIDGE_POLICY_PATH",
                            root.resolve("etc/weighbridge/policies").toString()),
                    "policy",
                    "lint",
                    root.resolve("etc/weighbridge/policies").toString());
            System.out.println("[own-image] " + java
                    + " -jar app/quarkus-run.jar policy lint etc/weighbridge/policies -> " + lint);
            assertEquals(0, lint.exitCode(), lint.output());
            assertTrue(lint.output().contains("valid: "), lint.output());
        }
    }

    /**
     * The Deployment's environment, as deploy/base sets it, is what the app reads: started from
     * the image's layers with exactly those variables (paths under /etc/weighbridge moved into
     * the unpacked root, the two ports moved to free ones), it serves /validate over HTTPS from
     * the mounted pair and health over plain HTTP on the management port.
     */
    @Test
    void itServesWhatTheDeploymentConfigures(@TempDir Path root) throws Exception {
        OciArchive.read(TARBALL).unpackLayers(root);
        Path tlsVolume = Files.createDirectories(root.resolve("etc/weighbridge/tls"));
        ServingCertificates secret = ServingCertificates.mount(tlsVolume, "weighbridge.weighbridge.svc");
        int https = freePort();
        int management = freePort();
        Map<String, String> env = DeploymentEnv.read(Path.of("deploy/base/deployment.yaml"));
        System.out.println("[own-image] the Deployment's environment: " + env);
        env.replaceAll((name, value) -> value.startsWith("/etc/weighbridge/") ? root + value : value);
        env.put("QUARKUS_HTTP_SSL_PORT", Integer.toString(https));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");

        ProcessBuilder serve = new ProcessBuilder(
                        root.resolve("opt/java/bin/java").toString(),
                        "-jar",
                        root.resolve("app/quarkus-run.jar").toString())
                .directory(root.resolve("app").toFile())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("serve.log").toFile());
        serve.environment().clear();
        serve.environment().putAll(env);
        serve.environment()
                .put("TMPDIR", Files.createDirectories(root.resolve("tmp")).toString());
        Process process = serve.start();
        try {
            awaitReady(process, management, root.resolve("serve.log"));
            // Ready is answered on the management interface, which may listen before the HTTPS server does.
            awaitListening(process, https, root.resolve("serve.log"));
            try (HttpsConnection connection = HttpsConnection.open(https, List.of(secret.current()))) {
                assertEquals(secret.current(), connection.servedCertificate());
                HttpsConnection.Response answer = connection.post("/validate", DeletingPodReview.json("image-serve"));
                System.out.println("[own-image] HTTPS :" + https + " /validate -> " + answer.status() + ", served "
                        + ServingCertificates.fingerprint(connection.servedCertificate()));
                assertTrue(DeletingPodReview.allowed(answer.body(), "image-serve"), answer.body());
            }
            // kubectl exec into the running pod: commands with the webhook's own environment, whose
            // management and HTTPS ports the webhook holds, run beside it.
            Map<String, String> besideIt = new HashMap<>(env);
            besideIt.put("WEIGHBRIDGE_REGISTRY_PLAIN_HTTP", registry.hostPort());
            besideIt.put("WEIGHBRIDGE_REGISTRY_ALLOWED_NETWORKS", "127.0.0.0/8");
            CommandRun lint = CommandRun.of(root, besideIt, "policy", "lint", env.get("WEIGHBRIDGE_POLICY_PATH"));
            System.out.println("[own-image] beside the webhook (management :" + management + ", HTTPS :" + https
                    + "): policy lint -> " + lint);
            assertEquals(0, lint.exitCode(), lint.output());
            assertTrue(lint.output().contains("valid: "), lint.output());
            String image = registry.hostPort() + "/weighbridge/weighbridge:test";
            CommandRun check = CommandRun.of(root, besideIt, "check", "-n", "default", image);
            System.out.println("[own-image] beside the webhook: check -n default " + image + " -> " + check);
            assertEquals(0, check.exitCode(), check.output());
            assertTrue(check.output().contains("verdict: ALLOW (1 image: 1 allow)"), check.output());
            assertTrue(process.isAlive(), "the webhook still runs");
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            System.out.println("[own-image] serve log:\n"
                    + Files.readString(root.resolve("serve.log")).strip());
        }
    }

    /**
     * The reusable action (action.yml runs action/run) with the image's runtime in place of
     * {@code docker run}: on the repository's example Dockerfile, under a policy that denies one of
     * its habits, the job fails (exit 1) and the finding is an annotation at its file and line.
     */
    @Test
    void theActionFailsTheJobOnADockerfileWithADenyingFindingAndAnnotatesIt(@TempDir Path root) throws Exception {
        OciArchive.read(TARBALL).unpackLayers(root);
        Path policy = Files.writeString(root.resolve("builds.yaml"), """
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: builds
                spec:
                  dockerfileRules:
                    apt-lists-kept: deny
                  rules:
                    - name: hard-cap
                      maxSize: 5Gi
                      action: deny
                """);
        ProcessBuilder action = new ProcessBuilder("bash", "action/run").redirectErrorStream(true);
        action.environment().put("GITHUB_ACTIONS", "true");
        action.environment()
                .put(
                        "WEIGHBRIDGE_COMMAND",
                        root.resolve("opt/java/bin/java") + " -jar " + root.resolve("app/quarkus-run.jar"));
        action.environment().put("WEIGHBRIDGE_DOCKERFILES", "examples/Dockerfile\n");
        action.environment().put("WEIGHBRIDGE_ACTION_POLICY", policy.toString());
        action.environment()
                .put("TMPDIR", Files.createDirectories(root.resolve("tmp")).toString());
        Process process = action.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the action did not finish");
        System.out.println(
                "[own-image] action/run on examples/Dockerfile -> exit " + process.exitValue() + "\n" + output.strip());

        assertEquals(1, process.exitValue(), output);
        assertTrue(
                output.lines()
                        .anyMatch(
                                line -> line.startsWith(
                                        "::error file=examples/Dockerfile,line=5,title=weighbridge apt-lists-kept::Dockerfile of examples/Dockerfile line 5")),
                output);
    }

    /** One command run by the image's runtime from its unpacked layers, with exactly {@code env}. */
    private record CommandRun(int exitCode, String output) {
        static CommandRun of(Path root, Map<String, String> env, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(
                    root.resolve("opt/java/bin/java").toString(),
                    "-jar",
                    root.resolve("app/quarkus-run.jar").toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(root.resolve("app").toFile())
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            builder.environment()
                    .put("TMPDIR", Files.createDirectories(root.resolve("tmp")).toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", args) + " did not finish");
            return new CommandRun(process.exitValue(), output);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + output.strip();
        }
    }

    /**
     * Ports taken for the length of a test: bound here on all interfaces, or already in use by
     * another process on this machine, which takes them just as well.
     */
    private static final class HeldPorts implements AutoCloseable {
        private final List<ServerSocket> sockets = new ArrayList<>();
        private final List<String> states = new ArrayList<>();

        static HeldPorts hold(int... ports) {
            HeldPorts held = new HeldPorts();
            for (int port : ports) {
                try {
                    held.sockets.add(new ServerSocket(port, 50, InetAddress.getByName("0.0.0.0")));
                    held.states.add(port + " held by the test");
                } catch (IOException inUse) {
                    held.states.add(port + " already in use (" + inUse.getMessage() + ")");
                }
            }
            return held;
        }

        @Override
        public void close() throws IOException {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }

        @Override
        public String toString() {
            return "ports " + String.join(", ", states);
        }
    }

    private static void awaitReady(Process process, int port, Path log) throws Exception {
        URL ready = new URL("http", "127.0.0.1", port, "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "the app exited: " + read(log));
            try {
                HttpURLConnection connection = (HttpURLConnection) ready.openConnection();
                if (connection.getResponseCode() == 200) {
                    System.out.println("[own-image] " + ready + " -> 200 over plain HTTP");
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not ready in 180 s: " + read(log));
    }

    private static void awaitListening(Process process, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "the app exited: " + read(log));
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("nothing listens on " + port + " 60 s after ready: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}
