package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.fuzz.Fuzz;
import io.weighbridge.fuzz.Mutations;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Image references against the grammar: random text, mutations of every row of the table from
 * distribution/reference's own tests ({@code image/reference-grammar.tsv}), and references built
 * from the grammar's pieces. The oracle is distribution/reference's {@code ReferenceRegexp},
 * written out here on its own: what we accept, it accepts; what it accepts with a reachable port,
 * a sha256/sha512 digest and a path within 255 characters, we accept and print in a form that
 * parses to itself. A refusal is one line that names no Java class.
 */
class ReferenceFuzzTest {
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    /** distribution/reference regexp.go, ReferenceRegexp (anchored). */
    private static final Pattern UPSTREAM = Pattern.compile(
            "(?:(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?/)?"
                    + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*"
                    + "(?::[\\w][\\w.-]{0,127})?"
                    + "(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("abcAB09-_.:/@[]%+ \u202e\n").ofMaxLength(80),
                Mutations.of(ReferenceGrammarTest.rows().stream()
                        .map(ReferenceGrammarTest.Row::input)
                        .toList()));
    }

    @Property
    void acceptsNoMoreThanTheGrammarAndRefusesInOneLine(@ForAll("anyText") String text) throws Exception {
        assertAcceptedOnlyAsTheGrammarSays(text);
    }

    /** What any text gets (also {@link ReferenceJazzerTest}'s promise). */
    static void assertAcceptedOnlyAsTheGrammarSays(String text) throws Exception {
        Object parsed = Fuzz.within(Fuzz.HANG, () -> {
            try {
                return ImageReference.parse(text);
            } catch (InvalidImageReferenceException refused) {
                return refused;
            }
        });
        if (parsed instanceof InvalidImageReferenceException refused) {
            Fuzz.assertOneLine("refusal", refused.getMessage());
            Fuzz.assertNoJavaNames("refusal", refused.getMessage(), text);
            return;
        }
        ImageReference reference = (ImageReference) parsed;
        assertTrue(UPSTREAM.matcher(text).matches(), "accepted what the grammar refuses: " + text);
        assertEquals(reference, ImageReference.parse(reference.toString()), "the normalised form parses to itself");
    }

    @Provide
    Arbitrary<String> grammatical() {
        Arbitrary<String> alnum =
                Arbitraries.strings().withChars("abcxyz0189").ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> separator = Arbitraries.of(".", "_", "__", "-", "--", "---");
        Arbitrary<String> pathComponent = Combinators.combine(
                        alnum, separator, alnum, Arbitraries.integers().between(0, 2))
                .as((a, sep, b, joins) -> joins == 0 ? a : a + (sep + b).repeat(joins));
        Arbitrary<String> path = pathComponent.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("/", parts));
        Arbitrary<String> domainComponent = Arbitraries.strings()
                .withChars("abcXYZ019")
                .ofMinLength(1)
                .ofMaxLength(8)
                .map(c -> c.length() > 2 && c.hashCode() % 3 == 0 ? c.charAt(0) + "-" + c.substring(1) : c);
        Arbitrary<String> domain = Arbitraries.oneOf(
                domainComponent.list().ofMinSize(2).ofMaxSize(4).map(parts -> String.join(".", parts)),
                Arbitraries.of("localhost", "[::1]", "[fc00::1]", "127.0.0.1", "registry-1.docker.io", "docker.io"));
        Arbitrary<String> port =
                Arbitraries.integers().between(1, 65535).map(p -> ":" + p).injectNull(0.6);
        Arbitrary<String> tag = Arbitraries.strings()
                .withChars("aZ09_.-")
                .ofMinLength(1)
                .ofMaxLength(128)
                .filter(t -> !t.startsWith(".") && !t.startsWith("-"))
                .map(t -> ":" + t)
                .injectNull(0.3);
        Arbitrary<String> digest = Arbitraries.oneOf(
                        Arbitraries.strings()
                                .withChars("0123456789abcdef")
                                .ofLength(64)
                                .map(hex -> "@sha256:" + hex),
                        Arbitraries.strings()
                                .withChars("0123456789abcdef")
                                .ofLength(128)
                                .map(hex -> "@sha512:" + hex))
                .injectNull(0.6);
        Arbitrary<String> registry = Combinators.combine(domain, port)
                .as((d, p) -> d + (p == null ? "" : p) + "/")
                .injectNull(0.3);
        return Combinators.combine(registry, path, tag, digest)
                .as((r, p, t, d) -> (r == null ? "" : r) + p + (t == null ? "" : t) + (d == null ? "" : d))
                .filter(text -> UPSTREAM.matcher(text).matches());
    }

    @Property
    void acceptsWhatTheGrammarAccepts(@ForAll("grammatical") String text) {
        String name = text.replaceFirst("[:@].*$", "");
        if (name.length() > ReferenceGrammar.MAX_PATH_LENGTH || text.matches("[a-f0-9]{64}")) {
            return; // too long a path, or an image ID: refused on purpose (the table's rows)
        }
        ImageReference reference = ImageReference.parse(text);
        assertEquals(reference, ImageReference.parse(reference.toString()), "the normalised form parses to itself");
    }
}
