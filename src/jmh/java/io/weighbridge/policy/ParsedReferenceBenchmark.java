package io.weighbridge.policy;

import io.weighbridge.image.ImageReference;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An image string of a review, as the engine now reads it (parsed once, then found by its text)
 * beside parsing it on every request, as it did. Each call gets a fresh copy of the string, as
 * every review brings its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParsedReferenceBenchmark {

    @Param({"nginx", "registry.example.com:5000/shop/web:1.0",
            "quay.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    public String reference;

    @Benchmark
    public ParsedReference parsedOnce() {
        return ParsedReference.of(new String(reference));
    }

    /** Baseline: the parse every request did before. */
    @Benchmark
    public ImageReference baselineParseEveryTime() {
        return ImageReference.parse(new String(reference));
    }
}
