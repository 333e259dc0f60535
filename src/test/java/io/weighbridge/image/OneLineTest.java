package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one rule for text in a one-line message: nothing a reader could misread or not see. */
class OneLineTest {

    record Row(String what, String text, String expected) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("direction override", "abc\u202Edef", "abc?def"),
                new Row("isolates", "a\u2066b\u2069c", "a?b?c"),
                new Row("zero-width space", "a\u200Bb", "a?b"),
                new Row("bell", "ring\u0007", "ring?"),
                new Row("escape sequence", "\u001B[31mred", "?[31mred"),
                new Row("lines and tabs", "one\n  two\tthree\r\nfour ", "one two three four"),
                new Row("line separator", "one\u2028two", "one two"),
                new Row("private use", "x\uE000y", "x?y"),
                new Row("lone surrogate", "x\uD800y", "x?y"),
                new Row("letters of any script", "größe ÜBER 5 ГиБ 大", "größe ÜBER 5 ГиБ 大"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void keepsWhatAReaderSeesAndMarksTheRest(Row row) {
        assertEquals(row.expected(), OneLine.of(row.text()));
    }

    @Test
    void cutsLongTextByCharactersNeverInsideOne() {
        assertEquals("abcd…", OneLine.cap("abcdefgh", 5));
        assertEquals("😀😀😀😀…", OneLine.cap("😀".repeat(10), 5));
        assertEquals("short", OneLine.cap("short", 5));
    }

    @Test
    void quotesAnotherPartysWordsSoTheyCannotCloseTheQuote() {
        assertEquals(
                "\"manifest 'unknown'; run: curl x | sh\"",
                OneLine.quoted("manifest \"unknown\"; run: curl x | sh", 100));
        assertEquals("\"abcdef…\"", OneLine.quoted("abcdefghijkl", 9));
    }
}
