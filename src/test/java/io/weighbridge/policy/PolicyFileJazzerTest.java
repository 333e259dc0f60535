package io.weighbridge.policy;

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
 * Policy files fuzzed by Jazzer, coverage-guided: any bytes (as UTF-8) held to {@link PolicyFileFuzzTest}'s
 * promise (policies or one-line problems, never an escaped exception; accepted policies judge images). Seeds:
 * every policy file of the repository's fixtures and {@code PolicyFileJazzerTestInputs/}.
 */
class PolicyFileJazzerTest {

    @BeforeAll
    static void warmUp() {
        Fuzz.warmUp(fixtures().map(Named::getPayload), PolicyFileJazzerTest::check);
    }

    static Stream<Named<byte[]>> fixtures() {
        List<String> files = PolicyFileFuzzTest.seeds();
        return IntStream.range(0, files.size())
                .mapToObj(i -> Named.of("policy fixture " + i, files.get(i).getBytes(StandardCharsets.UTF_8)));
    }

    @MethodSource("fixtures")
    @FuzzTest
    void file(byte[] yaml) throws Exception {
        check(yaml);
    }

    private static void check(byte[] yaml) throws Exception {
        PolicyFileFuzzTest.assertReadIntoPoliciesOrOneLineProblems(new String(yaml, StandardCharsets.UTF_8));
    }
}
