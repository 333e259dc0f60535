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
import java.net.URL;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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

    private static TestRegistry registry;
    private static Vertx vertx;
    private static JibContainer pushed;

    @BeforeAll
    static void pushTheImage() throws Exception {
        assertTrue(Files.isDirectory(RUNTIME.resolve("jre")) && Files.isRegularFile(TARBALL),
                "no built image: run ./mvnw verify -Pimage (image/build-runtime, then ImageBuilder)");
        registry = TestRegistry.start();
        vertx = Vertx.vertx();
        long started = System.nanoTime();
        pushed = ImageBuilder.toRegistry(ImageBuilder.image(RUNTIME, APP, Path.of("policies")),
                registry.hostPort() + "/weighbridge/weighbridge:test");
        System.out.printf("[own-image] built and pushed %s in %d s%n", pushed.getDigest(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
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
        assertEquals(pushed.getDigest().toString(), archive.manifestDigest(),
                "same inputs, same digest: the build is reproducible");
    }

    @Test
    void itPassesTheShippedPolicies() throws Exception {
        PolicySet shipped = PolicyLoader.load(Path.of("policies"));
        RegistryImageWeigher weigher = RegistryImageWeigher.builder(vertx, TestRegistryConfig.forLocal(registry.hostPort())).build();
        DefaultPolicyEngine engine = new DefaultPolicyEngine(weigher, () -> shipped);
        String image = registry.hostPort() + "/weighbridge/weighbridge:test";
        // "default", not "weighbridge": the shipped cluster-defaults exclude the webhook's own namespace.
        Evaluation evaluation = evaluate(engine, image);

        ImageVerdict verdict = evaluation.images().get(0);
        ImageWeight weight = verdict.weight();
        assertNotNull(weight, verdict.error());
        System.out.printf("[own-image] %s %s: %s compressed (%d bytes), base %s, verdict %s%n", image, weight.digest(),
                mib(weight.sizeBytes()), weight.sizeBytes(), weight.base(), evaluation.verdict().id());
        System.out.printf("[own-image]   config %d bytes%n", weight.configBytes());
        List<String> names = List.of("os", "java", "dependencies", "policies", "application");
        for (int i = 0; i < weight.layers().size(); i++) {
            Layer layer = weight.layers().get(i);
            System.out.printf("[own-image]   layer %-12s %10s  %s%n", i < names.size() ? names.get(i) : "?",
                    mib(layer.sizeBytes()), layer.digest());
        }
        evaluation.findings().forEach(f -> System.out.println("[own-image]   finding " + f.policy() + "/" + f.rule()
                + " " + f.action().id() + ": " + f.message()));
        assertEquals(Action.ALLOW, evaluation.verdict(), "its own image passes the shipped policies without a word");
        assertEquals(0, evaluation.findings().count());
        assertEquals("distroless", weight.base().distribution());
        assertEquals(names.size(), weight.layers().size());

        // Not vacuous: the same policies, preferring only alpine, do judge it in this namespace.
        String shippedText = Files.readString(Path.of("policies/cluster-defaults.yaml"));
        String alpineOnly = shippedText.replace("preferredBases: [alpine, distroless, scratch]", "preferredBases: [alpine]");
        assertTrue(!alpineOnly.equals(shippedText), "the shipped preferredBases line changed: update this test");
        PolicySet stricter = PolicyLoader.parse(alpineOnly, "cluster-defaults.yaml (alpine only)");
        Evaluation judged = evaluate(new DefaultPolicyEngine(weigher, () -> stricter), image);
        judged.findings().forEach(f -> System.out.println("[own-image]   with preferredBases [alpine]: " + f.rule()
                + " " + f.action().id()));
        assertEquals(Action.WARN, judged.verdict());
    }

    private static Evaluation evaluate(DefaultPolicyEngine engine, String image) {
        return engine.evaluate(new EvaluationRequest("default", "Pod", List.of(ImageUse.of(image)), null,
                Instant.now().plusSeconds(60))).join();
    }

    @Test
    void itsRuntimeRunsTheApp(@TempDir Path root) throws Exception {
        OciArchive.read(TARBALL).unpackLayers(root);
        Path java = root.resolve("opt/java/bin/java");
        // As in the image, WEIGHBRIDGE_POLICY_PATH names the baked-in policies. The host's glibc and loader serve this run (the jlinked java is started directly, not in a
        // container); the image's own libraries are exercised only where the image runs.
        ProcessBuilder lint = new ProcessBuilder(java.toString(), "-jar", root.resolve("app/quarkus-run.jar").toString(),
                "policy", "lint", root.resolve("etc/weighbridge/policies").toString())
                .directory(root.resolve("app").toFile()).redirectErrorStream(true);
        lint.environment().put("WEIGHBRIDGE_POLICY_PATH", root.resolve("etc/weighbridge/policies").toString());
        Process linting = lint.start();
        String output = new String(linting.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(linting.waitFor(120, TimeUnit.SECONDS), "policy lint did not finish");
        System.out.println("[own-image] " + java + " -jar app/quarkus-run.jar policy lint etc/weighbridge/policies -> exit "
                + linting.exitValue() + "\n" + output.strip());
        assertEquals(0, linting.exitValue(), output);
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

        ProcessBuilder serve = new ProcessBuilder(root.resolve("opt/java/bin/java").toString(), "-jar",
                root.resolve("app/quarkus-run.jar").toString())
                .directory(root.resolve("app").toFile()).redirectErrorStream(true)
                .redirectOutput(root.resolve("serve.log").toFile());
        serve.environment().clear();
        serve.environment().putAll(env);
        serve.environment().put("TMPDIR", Files.createDirectories(root.resolve("tmp")).toString());
        Process process = serve.start();
        try {
            awaitReady(process, management, root.resolve("serve.log"));
            try (HttpsConnection connection = HttpsConnection.open(https, List.of(secret.current()))) {
                assertEquals(secret.current(), connection.servedCertificate());
                HttpsConnection.Response answer = connection.post("/validate", DeletingPodReview.json("image-serve"));
                System.out.println("[own-image] HTTPS :" + https + " /validate -> " + answer.status()
                        + ", served " + ServingCertificates.fingerprint(connection.servedCertificate()));
                assertTrue(DeletingPodReview.allowed(answer.body(), "image-serve"), answer.body());
            }
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            System.out.println("[own-image] serve log:\n" + Files.readString(root.resolve("serve.log")).strip());
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
