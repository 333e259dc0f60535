package io.weighbridge.image;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.weighbridge.fuzz.Fuzz;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Manifests, indexes and configs as a registry returns them, fuzzed by Jazzer, coverage-guided: the input is a
 * set of documents that name each other by digest ({@link LinkedDocuments}), served by a {@link
 * ScriptedRegistry} and judged by the real client, weigher and engine, held to {@link RegistryDocumentFuzzTest}'s
 * promise (a verdict within the deadline: the one the size calls for, or a deny with a one-line reason). The
 * client may connect to that registry only: Jazzer's SSRF detector reports any other connection. Seeds: documents
 * of the jqwik generator and {@code RegistryDocumentJazzerTestInputs/}.
 */
class RegistryDocumentJazzerTest {
    private static final int GENERATED_SEEDS = 24;

    @BeforeAll
    static void start() throws Exception {
        RegistryDocumentFuzzTest.start();
        Fuzz.warmUp(
                generated().map(Named::getPayload),
                input -> RegistryDocumentFuzzTest.assertVerdictItsSizeCallsFor(LinkedDocuments.read(input)));
    }

    @AfterAll
    static void stop() {
        RegistryDocumentFuzzTest.stop();
    }

    static Stream<Named<byte[]>> generated() {
        return IntStream.range(0, GENERATED_SEEDS)
                .mapToObj(seed -> Named.of(
                        "generated " + seed, LinkedDocuments.write(RegistryDocuments.generate(new Random(seed)))));
    }

    @MethodSource("generated")
    @FuzzTest
    void documents(byte[] input) throws Exception {
        int port = RegistryDocumentFuzzTest.registryPort();
        try (SilentCloseable onlyTheRegistry = BugDetectors.allowNetworkConnections((host, to) -> to == port)) {
            RegistryDocumentFuzzTest.assertVerdictItsSizeCallsFor(LinkedDocuments.read(input));
        }
    }
}
