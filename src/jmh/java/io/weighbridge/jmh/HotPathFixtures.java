package io.weighbridge.jmh;

import io.weighbridge.image.Digest;
import io.weighbridge.image.BaseImage;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.ImageWeigher;
import io.weighbridge.image.ImageWeight;
import io.weighbridge.image.Layer;
import io.weighbridge.policy.DefaultPolicyEngine;
import io.weighbridge.policy.PolicyLoader;
import io.weighbridge.policy.PolicySet;
import io.weighbridge.policy.PolicyValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the JMH benchmarks judge: the reviews of bench/peers/reviews (the same the peers bench
 * sends) with their images named in a registry, the shipped policies, and weights for those
 * images as a warm cache holds them (the weigher answers at once, no registry).
 */
public final class HotPathFixtures {
    /** Placeholder of the review templates → image, and its layer count (like the peers bench's registry). */
    public static final Map<String, Integer> LAYERS = Map.of("init", 1, "api", 3, "web", 10, "report", 45, "agent", 100,
            "sidecar", 2);

    private HotPathFixtures() {}

    public static String image(String placeholder) {
        return "registry.example.com/shop/" + placeholder + ":1.0";
    }

    /** The review {@code kind} (pod, deployment, cronjob) as the API server sends it. */
    public static byte[] review(String kind) {
        String text = read(Path.of("bench/peers/reviews", kind + ".json"));
        for (String placeholder : LAYERS.keySet()) {
            text = text.replace("{{" + placeholder + "}}", image(placeholder));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static PolicySet shippedPolicies() {
        try {
            return PolicyLoader.load(Path.of("policies"));
        } catch (PolicyValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one engine, over the shipped policies, its weigher answering from memory. */
    public static DefaultPolicyEngine engine() {
        Map<String, ImageWeight> weights = new java.util.HashMap<>();
        for (Map.Entry<String, Integer> image : LAYERS.entrySet()) {
            ImageReference reference = ImageReference.parse(image(image.getKey()));
            weights.put(reference.toString(), weight(reference, image.getValue()));
        }
        ImageWeigher cached = (reference, context) -> CompletableFuture.completedFuture(weights.get(reference.toString()));
        PolicySet policies = shippedPolicies();
        return new DefaultPolicyEngine(cached, () -> policies);
    }

    private static ImageWeight weight(ImageReference reference, int layers) {
        List<Layer> list = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            list.add(new Layer(Digest.parse("sha256:%064x".formatted(reference.hashCode() * 1000L + i)), 3_000_000L + i,
                    "application/vnd.docker.image.rootfs.diff.tar.gzip", i == 0 ? "ADD file:… in /" : "COPY part-" + i + " /app/"));
        }
        return new ImageWeight(reference, Digest.parse("sha256:%064x".formatted(reference.hashCode())), "linux/amd64", 1_500, list,
                new BaseImage("alpine", "3.20.3"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("run the benchmarks from the repository's root (bench/jmh/run does)", e);
        }
    }
}
