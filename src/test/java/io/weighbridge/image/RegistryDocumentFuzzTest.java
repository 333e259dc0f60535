package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.weighbridge.fuzz.Fuzz;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.EvaluationRequest;
import io.weighbridge.policy.Finding;
import io.weighbridge.policy.ImageUse;
import io.weighbridge.policy.ImageVerdict;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Manifests, indexes and configs as a registry returns them ({@link RegistryDocuments}), served by
 * a {@link ScriptedRegistry} and judged by the real client, weigher and policy engine under a
 * 1 GiB deny rule and {@code onRegistryError: deny}. Every image gets a verdict within its
 * deadline; a document that can be weighed weighs exactly the config and each distinct layer once
 * and gets the verdict its size calls for; one that cannot is denied with a one-line reason that
 * is never "unexpected failure".
 */
class RegistryDocumentFuzzTest {
    private static final long LIMIT = 1L << 30;
    private static final Duration DEADLINE = Fuzz.patient(Duration.ofSeconds(5));
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();
    private static final PolicySet POLICIES = policies();

    private static Vertx vertx;
    private static ScriptedRegistry registry;
    private static RegistryImageWeigher weigher;
    private static DefaultPolicyEngine engine;

    @BeforeContainer
    static void start() throws Exception {
        // The JDK server writes headers and body apart; without this each answer waits out a delayed ACK (~40 ms).
        // Read once per JVM, when its first server starts: a no-op when another test's server came first.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        vertx = Vertx.vertx();
        registry = new ScriptedRegistry();
        weigher = RegistryImageWeigher.builder(
                        vertx,
                        TestRegistryConfig.forLocal(registry.hostPort())
                                .withRequestTimeout(Fuzz.patient(Duration.ofSeconds(2))))
                .build();
        engine = new DefaultPolicyEngine(weigher, () -> POLICIES);
    }

    @AfterContainer
    static void stop() {
        weigher.close();
        registry.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Provide
    Arbitrary<RegistryDocuments> documents() {
        return Arbitraries.randoms().map(RegistryDocuments::generate);
    }

    @Property(shrinking = ShrinkingMode.OFF)
    void everyDocumentGetsTheVerdictItsSizeCallsFor(@ForAll("documents") RegistryDocuments documents) throws Exception {
        assertVerdictItsSizeCallsFor(documents);
    }

    /**
     * What every set of documents gets (also {@link RegistryDocumentJazzerTest}'s promise), served alone: the
     * routes of the case before are dropped, so that a long run does not pile them up.
     */
    static void assertVerdictItsSizeCallsFor(RegistryDocuments documents) throws Exception {
        String repository = "fuzz" + REPOSITORIES.incrementAndGet();
        registry.forget();
        serve(repository, documents);
        String image =
                registry.hostPort() + "/" + repository + "@" + documents.top().digest();

        Evaluation evaluation = Fuzz.within(
                Fuzz.patient(Fuzz.HANG),
                () -> engine.evaluate(new EvaluationRequest(
                                "default", "Pod", List.of(ImageUse.of(image)), null, Deadline.in(DEADLINE)))
                        .join());

        ImageVerdict verdict = evaluation.images().get(0);
        if (verdict.weight() != null) {
            long weighed = verdict.weight().sizeBytes();
            assertFalse(weighed < 0, "weighed " + weighed);
            assertEquals(weighed > LIMIT ? Action.DENY : Action.ALLOW, evaluation.verdict(), "weighed " + weighed);
        } else {
            assertEquals(
                    Action.DENY,
                    evaluation.verdict(),
                    "an image that cannot be weighed is judged by onRegistryError: deny");
            assertNotNull(verdict.error());
            Fuzz.assertOneLine("reason", verdict.error());
            assertFalse(verdict.error().contains("unexpected failure"), verdict.error());
        }
        if (documents.known()) {
            BigInteger expected = documents.expectedBytes();
            if (expected == null) {
                assertNull(
                        verdict.weight(),
                        "weighed what cannot be weighed: "
                                + new String(documents.top().bytes()));
            } else {
                assertNotNull(
                        verdict.weight(),
                        () -> "not weighed: " + verdict.error() + " "
                                + new String(documents.top().bytes()));
                assertEquals(expected.longValueExact(), verdict.weight().sizeBytes());
            }
        }
        for (Finding finding : evaluation.findings().toList()) {
            Fuzz.assertOneLine("finding", finding.message());
            Fuzz.assertNoJavaNames("finding", finding.message(), documents.text());
        }
    }

    /** The port the documents are served on: the only one a fuzzed client may connect to. */
    static int registryPort() {
        return registry.port();
    }

    private static void serve(String repository, RegistryDocuments documents) {
        registry.on(
                "GET /v2/" + repository + "/manifests/" + documents.top().digest(),
                exchange -> ScriptedRegistry.respond(
                        exchange,
                        200,
                        documents.top().contentType(),
                        documents.top().bytes(),
                        Map.of()));
        documents.documents().forEach((digest, served) -> {
            ScriptedRegistry.Handler handler =
                    exchange -> ScriptedRegistry.respond(exchange, 200, served.contentType(), served.bytes(), Map.of());
            registry.on("GET /v2/" + repository + "/manifests/" + digest, handler);
            registry.on("GET /v2/" + repository + "/blobs/" + digest, handler);
        });
    }

    private static PolicySet policies() {
        try {
            return PolicyLoader.parse("""
                    apiVersion: weighbridge.io/v1alpha1
                    kind: ImageSizePolicy
                    metadata:
                      name: fuzz
                    spec:
                      onRegistryError: deny
                      rules:
                        - name: one-gib
                          maxSize: 1Gi
                          action: deny
                    """, "fuzz.yaml");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
