package io.weighbridge.image;

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
 * Image references fuzzed by Jazzer, coverage-guided: any bytes (as UTF-8) held to {@link ReferenceFuzzTest}'s
 * promise (accepted only what distribution/reference's grammar accepts, in a form that parses to itself; refused
 * in one line). Seeds: every row of the grammar's table ({@code image/reference-grammar.tsv}) and {@code
 * ReferenceJazzerTestInputs/}.
 */
class ReferenceJazzerTest {

    @BeforeAll
    static void warmUp() {
        Fuzz.warmUp(grammarRows().map(Named::getPayload), ReferenceJazzerTest::check);
    }

    static Stream<Named<byte[]>> grammarRows() {
        List<ReferenceGrammarTest.Row> rows = ReferenceGrammarTest.rows();
        return IntStream.range(0, rows.size())
                .mapToObj(i -> Named.of(
                        "grammar row " + i + ": " + rows.get(i).input(),
                        rows.get(i).input().getBytes(StandardCharsets.UTF_8)));
    }

    @MethodSource("grammarRows")
    @FuzzTest
    void text(byte[] text) throws Exception {
        check(text);
    }

    private static void check(byte[] text) throws Exception {
        ReferenceFuzzTest.assertAcceptedOnlyAsTheGrammarSays(new String(text, StandardCharsets.UTF_8));
    }
}
