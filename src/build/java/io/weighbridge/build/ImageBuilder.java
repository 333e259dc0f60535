package io.weighbridge.build;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Builds Weighbridge's own image with jib-core: no Docker daemon, no base image pulled. The
 * layers come from {@link ImageLayers}; the result is an OCI image for linux/amd64 that runs as
 * the user 65532 by default and as any other UID just as well (OpenShift assigns one).
 *
 * <p>Run by {@code ./mvnw package -Pimage} after {@code image/build-runtime}; see docs/image.md.
 * A registry on 127.0.0.1 or localhost is reached over plain HTTP if it offers no HTTPS; any
 * other registry only over verified HTTPS, with the credentials of the docker config.
 */
public final class ImageBuilder {
    public static final String DEFAULT_NAME = "weighbridge:latest";
    private static final String USER = "65532";
    /**
     * The JVM's memory inside a 512Mi limit, as deploy/base/deployment.yaml and the chart set it
     * too (JvmSettingsTest keeps the three equal; bench/memory measures them).
     */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+UseSerialGC -XX:MaxRAMPercentage=45.0 -XX:MaxMetaspaceSize=80m -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=32m -Xss512k -XX:+ExitOnOutOfMemoryError";
    /** glibc's malloc arenas (one per thread by default) fragment native memory. */
    public static final String MALLOC_ARENA_MAX = "2";

    private ImageBuilder() {
    }

    /** The image, ready to be containerized anywhere. */
    public static JibContainerBuilder image(Path runtime, Path app, Path policies) {
        return Jib.fromScratch()
                .setFormat(ImageFormat.OCI)
                .setPlatforms(Set.of(new Platform("amd64", "linux")))
                .setFileEntriesLayers(ImageLayers.of(runtime, app, policies))
                .setEntrypoint(ImageLayers.JAVA_HOME.resolve("bin/java").toString(),
                        "-jar", ImageLayers.APP.resolve("quarkus-run.jar").toString())
                .setWorkingDirectory(ImageLayers.APP)
                .setUser(USER)
                .setEnvironment(Map.of(
                        "JAVA_HOME", ImageLayers.JAVA_HOME.toString(),
                        "JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS,
                        "MALLOC_ARENA_MAX", MALLOC_ARENA_MAX,
                        "WEIGHBRIDGE_POLICY_PATH", ImageLayers.POLICIES.toString()))
                .setExposedPorts(Set.of(Port.tcp(8443), Port.tcp(9000)))
                .setLabels(Map.of(
                        "org.opencontainers.image.title", "weighbridge",
                        "org.opencontainers.image.description",
                        "Admission webhook that weighs container images: jlinked Java on Debian libraries, no shell"));
    }

    /** Writes an OCI image tarball (what {@code skopeo copy oci-archive:} or {@code docker load} read). */
    public static JibContainer toTar(JibContainerBuilder image, Path tar, String name) throws Exception {
        return image.containerize(Containerizer.to(TarImage.at(tar).named(name)).setToolName("weighbridge-image"));
    }

    /** Pushes to a registry; plain HTTP is allowed only for a registry on this machine. */
    public static JibContainer toRegistry(JibContainerBuilder image, String reference) throws Exception {
        ImageReference target = ImageReference.parse(reference);
        String host = target.getRegistry().replaceFirst(":\\d+$", "");
        boolean local = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        return image.containerize(Containerizer.to(RegistryImage.named(target))
                .setAllowInsecureRegistries(local)
                .setToolName("weighbridge-image"));
    }

    /**
     * {@code RUNTIME_DIR QUARKUS_APP_DIR POLICIES_DIR TAR_FILE [REGISTRY_REFERENCE]}: pushes to
     * the registry when a reference is given (Maven: {@code -Dimage.registry=host:port/name:tag}),
     * else writes the tarball.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: ImageBuilder RUNTIME_DIR QUARKUS_APP_DIR POLICIES_DIR TAR_FILE [REGISTRY_REFERENCE]");
            System.exit(2);
        }
        JibContainerBuilder image = image(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
        String registry = args.length == 5 && args[4] != null ? args[4].strip() : "";
        JibContainer built = registry.isEmpty()
                ? toTar(image, Path.of(args[3]), DEFAULT_NAME)
                : toRegistry(image, registry);
        System.out.println("[image] " + built.getTargetImage() + " " + built.getDigest() + " (config " + built.getImageId() + ")");
    }
}
