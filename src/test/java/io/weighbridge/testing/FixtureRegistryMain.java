package io.weighbridge.testing;

import java.util.List;
import java.util.Map;

/**
 * Starts the fixture registries and keeps them up, for trying the webhook and {@code check} by
 * hand without internet or a cluster: prints the images and the settings that point the webhook
 * at them, then waits until interrupted.
 */
public final class FixtureRegistryMain {

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
        images.forEach((label, image) -> System.out.printf("%-16s %-60s %,12d bytes  %s%n",
                label, image.reference(), image.sizeBytes(), image.digest()));
        String hosts = String.join(",", List.of(fixtures.plainRegistry().hostPort(), fixtures.authRegistry().hostPort()));
        System.out.println();
        System.out.println("-Dweighbridge.registry.plain-http=" + hosts
                + " -Dweighbridge.registry.allowed-networks=127.0.0.0/8"
                + " -Dweighbridge.registry.auth-file=" + fixtures.authFile());
        System.out.flush();
        Thread.currentThread().join();
    }
}
