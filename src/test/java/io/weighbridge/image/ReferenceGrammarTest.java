package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of distribution/reference's own tests, and ours, from {@code image/reference-grammar.tsv}:
 * each input is valid with its normalised form, or invalid for the part the row names.
 */
class ReferenceGrammarTest {
    private static final String TABLE = "/image/reference-grammar.tsv";

    /** One line of the table; {@code differs} says why we answer otherwise than the upstream test, or is empty. */
    record Row(String test, String input, String expected, String differs) {
        boolean valid() {
            return !expected.startsWith("invalid");
        }

        @Override
        public String toString() {
            String shown = input.length() > 70 ? input.substring(0, 70) + "…(" + input.length() + ")" : input;
            return test + " \"" + shown + "\"";
        }
    }

    static List<Row> rows() {
        try (InputStream in = ReferenceGrammarTest.class.getResourceAsStream(TABLE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.startsWith("#"))
                    .map(line -> line.split("\t", -1))
                    .map(cells -> new Row(cells[0], cells[1], cells[2], cells[3]))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Row> validRows() {
        return rows().stream().filter(Row::valid);
    }

    static Stream<Row> invalidRows() {
        return rows().stream().filter(row -> !row.valid());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validRows")
    void normalisesAsTheGrammarDoes(Row row) {
        ImageReference reference = ImageReference.parse(row.input());
        assertEquals(row.expected(), reference.toString());
        assertEquals(reference, ImageReference.parse(reference.toString()), "the normalised form parses to itself");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRows")
    void refusesWhatTheGrammarRefuses(Row row) {
        InvalidImageReferenceException invalid =
                assertThrows(InvalidImageReferenceException.class, () -> ImageReference.parse(row.input()));
        assertEquals(row.expected(), "invalid " + invalid.problem(), invalid.getMessage());
        assertFalse(invalid.getMessage().contains("\n"), invalid.getMessage());
        assertFalse(invalid.getMessage().contains("Exception"), invalid.getMessage());
    }

    @Test
    void holdsEveryNameOfTheGrammarsValidationTests() {
        long validationRows = rows().stream()
                .filter(row -> row.test().startsWith("TestValidateReferenceName")
                        || row.test().startsWith("TestValidateRemoteName"))
                .count();
        assertEquals(62, validationRows);
        assertTrue(rows().size() > 250, "rows: " + rows().size());
    }
}
