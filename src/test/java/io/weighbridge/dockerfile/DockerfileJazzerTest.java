package io.weighbridge.dockerfile;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.weighbridge.fuzz.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dockerfiles fuzzed by Jazzer, coverage-guided: any bytes (as UTF-8) held to {@link DockerfileFuzzTest}'s
 * promise (parsed and linted within the bound, each finding's problem and remedy one line). Seeds: the Dockerfile
 * fixtures (official images' among them) and {@code DockerfileJazzerTestInputs/}.
 */
class DockerfileJazzerTest {

    @BeforeAll
    static void warmUp() {
        Fuzz.warmUp(fixtures().map(Named::getPayload), DockerfileJazzerTest::check);
    }

    static Stream<Named<byte[]>> fixtures() {
        List<String> files = DockerfileFuzzTest.seeds();
        return IntStream.range(0, files.size())
                .mapToObj(i -> Named.of("Dockerfile fixture " + i, files.get(i).getBytes(StandardCharsets.UTF_8)));
    }

    @MethodSource("fixtures")
    @FuzzTest
    void file(byte[] text) throws Exception {
        check(text);
    }

    private static void check(byte[] text) throws Exception {
        DockerfileFuzzTest.assertFindingsAreOneLine(new String(text, StandardCharsets.UTF_8));
    }
}
