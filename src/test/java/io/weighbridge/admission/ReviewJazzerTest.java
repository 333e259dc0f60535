package io.weighbridge.admission;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.weighbridge.fuzz.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The review body fuzzed by Jazzer, coverage-guided: any bytes as a {@code POST /validate} body, through the
 * same reader, triage, shipped policies and rendering as {@link ReviewFuzzTest}, held to the same promise (its
 * {@code assertAnsweredWellFormedWithinTheDeadline}). Seeds: every review fixture, a review built around every
 * fixture object, and {@code ReviewJazzerTestInputs/}. The suite runs the seeds and kept findings; {@code
 * bench/fuzz/jazzer review} fuzzes.
 */
class ReviewJazzerTest {

    @BeforeAll
    static void warmUp() {
        Fuzz.warmUp(fixtures().map(Named::getPayload), ReviewFuzzTest::assertAnsweredWellFormedWithinTheDeadline);
    }

    static Stream<Named<byte[]>> fixtures() {
        List<String> reviews = ReviewFuzzTest.reviewSeeds();
        List<JsonNode> objects = ReviewFuzzTest.objectSeeds();
        return Stream.concat(
                        IntStream.range(0, reviews.size())
                                .mapToObj(i -> Named.of("review fixture " + i, reviews.get(i))),
                        IntStream.range(0, objects.size())
                                .mapToObj(i -> Named.of(
                                        "review around fixture object " + i,
                                        ReviewFuzzTest.built(List.of(objects.get(i)), new Random(i)))))
                .map(named -> Named.of(named.getName(), named.getPayload().getBytes(StandardCharsets.UTF_8)));
    }

    @MethodSource("fixtures")
    @FuzzTest
    void body(byte[] body) throws Exception {
        ReviewFuzzTest.assertAnsweredWellFormedWithinTheDeadline(body);
    }
}
