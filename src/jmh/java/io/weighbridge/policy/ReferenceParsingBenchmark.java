package io.weighbridge.policy;

import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
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
 * An image string of a review: parsed and normalised ({@link #parse}), beside jib-core's parse alone
 * (the grammar it wraps), and as the engine reads it, parsed once and then found by its text
 * ({@link #parsedOnce}: each call gets a fresh copy of the string, as every review brings its own),
 * against parsing it on every request ({@link #parse}, what the engine did before). In {@code
 * policy} because {@link ParsedReference} is package-private there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReferenceParsingBenchmark {

    @Param({"nginx", "registry.example.com:5000/shop/web:1.0",
            "quay.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    public String reference;

    @Benchmark
    public ImageReference parse() {
        return ImageReference.parse(new String(reference));
    }

    @Benchmark
    public ParsedReference parsedOnce() {
        return ParsedReference.of(new String(reference));
    }

    @Benchmark
    public com.google.cloud.tools.jib.api.ImageReference baselineJibParse() throws InvalidImageReferenceException {
        return com.google.cloud.tools.jib.api.ImageReference.parse(reference);
    }
}
