package io.weighbridge.testing;

import java.util.concurrent.TimeUnit;

/** Stopping the tools the tests start (registries, proxies). */
final class Processes {
    private Processes() {}

    /** Asks {@code process} to stop, and kills it when it has not within 5 s. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
