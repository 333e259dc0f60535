package io.weighbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.weighbridge.build.ImageBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JVM's memory settings are one fact in three places: the image's environment, the kustomize
 * Deployment and the chart. bench/memory measures them; this keeps the copies equal and their
 * parts inside the memory limit they ship with.
 */
class JvmSettingsTest {
    private static final long MIB = 1024 * 1024;
    private static final Path DEPLOYMENT = Path.of("deploy/base/deployment.yaml");

    /** The chart's copy: HelmChartTest.theChartSetsTheImagesJvmSettings. */
    @Test
    void theImageAndTheDeploymentSetTheSameJvmSettings() throws Exception {
        Rendered base = Rendered.parse("deploy/base/deployment.yaml", Files.readString(DEPLOYMENT));

        assertEquals(ImageBuilder.JAVA_TOOL_OPTIONS, InstallGuarantees.env(base, "JAVA_TOOL_OPTIONS"));
        assertEquals(ImageBuilder.MALLOC_ARENA_MAX, InstallGuarantees.env(base, "MALLOC_ARENA_MAX"));
    }

    /**
     * What can grow is capped: heap (a share of the limit), metaspace, code cache, direct buffers;
     * with the stacks of a few dozen threads, they leave room in the limit for the JVM's own
     * native memory (GC, symbols, compiler arenas: about 60 MiB measured by bench/memory with NMT).
     */
    @Test
    void theCappedPartsFitTheShippedLimitWithRoomForTheRest() throws Exception {
        Deployment deployment;
        try (InputStream in = Files.newInputStream(DEPLOYMENT)) {
            deployment = Serialization.unmarshal(in, Deployment.class);
        }
        long limit = Quantity.getAmountInBytes(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getResources()
                        .getLimits()
                        .get("memory"))
                .longValue();
        Map<String, String> flags = flags(ImageBuilder.JAVA_TOOL_OPTIONS);

        assertTrue(flags.containsKey("-XX:+UseSerialGC"), "a collector chosen, not left to the CPU count");
        assertTrue(flags.containsKey("-XX:+ExitOnOutOfMemoryError"));
        long heap = (long) (limit * Double.parseDouble(flags.get("-XX:MaxRAMPercentage")) / 100);
        long capped = heap
                + size(flags.get("-XX:MaxMetaspaceSize"))
                + size(flags.get("-XX:ReservedCodeCacheSize"))
                + size(flags.get("-XX:MaxDirectMemorySize"))
                + 64 * size(flags.get("-Xss"));
        assertTrue(limit - capped >= 64 * MIB, "capped parts take " + capped / MIB + " MiB of " + limit / MIB);
    }

    private static Map<String, String> flags(String options) {
        Map<String, String> flags = new java.util.LinkedHashMap<>();
        for (String flag : options.split("\\s+")) {
            if (flag.startsWith("-Xss")) {
                flags.put("-Xss", flag.substring(4));
            } else {
                int equals = flag.indexOf('=');
                flags.put(equals < 0 ? flag : flag.substring(0, equals), equals < 0 ? "" : flag.substring(equals + 1));
            }
        }
        return flags;
    }

    private static long size(String value) {
        long number = Long.parseLong(value.replaceAll("[kKmMgG]$", ""));
        return switch (Character.toLowerCase(value.charAt(value.length() - 1))) {
            case 'k' -> number * 1024;
            case 'm' -> number * MIB;
            case 'g' -> number * 1024 * MIB;
            default -> number;
        };
    }
}
