package io.weighbridge.image;

import io.vertx.core.Vertx;
import io.weighbridge.image.WeighingCaches.CacheScope;
import io.weighbridge.image.WeighingCaches.TagKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The real weigher answering a tagged image from its caches (tag → digest → weight, the base
 * known): what a warm admission spends per image in the weigher. The baseline is the least a
 * cache can cost: the weight found by the reference's text in a map.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WarmWeighingBenchmark {
    private static final String IMAGE = "registry.example.com/shop/web:1.0";

    private Vertx vertx;
    private RegistryImageWeigher weigher;
    private ImageReference reference;
    private WeighingContext context;
    private final Map<String, CompletableFuture<ImageWeight>> plainMap = new ConcurrentHashMap<>();

    @Setup
    public void setUp() {
        vertx = Vertx.vertx();
        weigher = RegistryImageWeigher.builder(vertx, TestRegistryConfig.forLocal("127.0.0.1:5000"))
                .build();
        reference = ImageReference.parse(IMAGE);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            layers.add(new Layer(Digest.parse("sha256:%064x".formatted(i)), 3_000_000L + i,
                    "application/vnd.docker.image.rootfs.diff.tar.gzip", "COPY part-" + i + " /app/"));
        }
        Digest digest = Digest.sha256Of(IMAGE.getBytes());
        ImageWeight weight = new ImageWeight(reference, digest, "linux/amd64", 1_500, layers,
                new BaseImage("alpine", "3.20.3"));
        weigher.caches().putWeight(weight);
        weigher.caches().putTag(new TagKey(CacheScope.of(reference, Credential.ANONYMOUS), reference.tag()), digest);
        plainMap.put(IMAGE, CompletableFuture.completedFuture(weight));
        context = new WeighingContext(Deadline.in(Duration.ofDays(1)), "shop");
        if (weigher.registryExchanges() != 0 || weigh().sizeBytes() != weight.sizeBytes()) {
            throw new IllegalStateException("the weight was not served from the caches");
        }
    }

    @TearDown
    public void tearDown() {
        weigher.close();
        vertx.close();
    }

    @Benchmark
    public ImageWeight weigh() {
        return weigher.weigh(reference, context).join();
    }

    @Benchmark
    public ImageWeight baselineMapLookup() {
        return plainMap.get(reference.toString()).join();
    }
}
