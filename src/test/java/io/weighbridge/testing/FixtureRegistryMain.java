package io.weighbridge.testing;

import java.util.List;
import java.util.Map;

/**
 * Starts the fixture registries and keeps them up, for trying the webhook and {@code check} by
 * hand without internet or a cluster: prints the images and the settings that point the webhook
 * at them, writes {@value #DEMO_REVIEW} (the Quickstart's sample review with its two images
 * replaced by fixtures: the init container's is denied, with warnings), prints the {@code serve}
 * and {@code curl} commands that try it, then waits until interrupted.
 */
public final class FixtureRegistryMain {

    static final String DEMO_REVIEW = "target/demo/admission-review.json";
    private static final java.nio.file.Path SAMPLE_REVIEW = java.nio.file.Path.of("examples/admission-review.json");
    private static final String TEST_POLICIES = "src/test/resources/e2e/policies";

    private FixtureRegistryMain() {}

    public static void main(String[] args) throws InterruptedException {
        Fixtures fixtures = Fixtures.get();
        Map<String, PushedImage> images = new java.util.LinkedHashMap<>();
        images.put("small (alpine)", fixtures.small());
        images.put("big (debian)", fixtures.big());
        images.put("oci", fixtures.oci());
        images.put("multi-arch", fixtures.multiArch());
        images.put("many layers", fixtures.manyLayers());
        images.put("scratch", fixtures.scratchImage());
        images.put("private", fixtures.privateImage());
        images.forEach((label, image) -> System.out.printf(
                "%-16s %-60s %,12d bytes  %s%n", label, image.reference(), image.sizeBytes(), image.digest()));
        String hosts = String.join(
                ",",
                List.of(
                        fixtures.plainRegistry().hostPort(),
                        fixtures.authRegistry().hostPort()));
        String settings = "-Dweighbridge.registry.plain-http=" + hosts
                + " -Dweighbridge.registry.allowed-networks=127.0.0.0/8"
                + " -Dweighbridge.registry.auth-file=" + fixtures.authFile();
        System.out.println();
        System.out.println(settings);
        java.nio.file.Path review = writeDemoReview(fixtures);
        System.out.println();
        System.out.println(
                "Serve the webhook on them with the test policies (deny above 5 MiB, warn above 2 MiB), in another terminal:");
        System.out.println("  java " + settings + " -Dweighbridge.policy.path=" + TEST_POLICIES
                + " -jar target/quarkus-app/quarkus-run.jar");
        System.out.println("Then send it " + review + " (the sample review, its images in this registry):");
        System.out.println(
                "  curl -s -H 'Content-Type: application/json' --data @" + review + " http://localhost:8080/validate");
        System.out.println("Stop with Ctrl-C.");
        System.out.flush();
        Thread.currentThread().join();
    }

    /** The Quickstart's sample review with the big fixture as its init container and the small one as its web container. */
    public static java.nio.file.Path writeDemoReview(Fixtures fixtures) {
        try {
            String sample = java.nio.file.Files.readString(SAMPLE_REVIEW);
            String demo = sample.replace(
                            "\"python:3.12\"", "\"" + fixtures.big().reference() + "\"")
                    .replace("\"nginx:1.27-alpine\"", "\"" + fixtures.small().reference() + "\"");
            if (demo.equals(sample)) {
                throw new IllegalStateException(SAMPLE_REVIEW + " no longer names python:3.12 and nginx:1.27-alpine");
            }
            java.nio.file.Path review = java.nio.file.Path.of(DEMO_REVIEW);
            java.nio.file.Files.createDirectories(review.getParent());
            return java.nio.file.Files.writeString(review, demo);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
