package io.weighbridge.build;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The layers of Weighbridge's image, bottom first, ordered by how often they change: the
 * operating-system files and the Java runtime change with a JDK or Debian update, the
 * dependencies with a library bump, the default policies with a policy edit, and the
 * application layer (its classes, Quarkus' generated classes and the launcher jar) with
 * every code change, so a code change ships only that small layer.
 *
 * <p>Files get 755 when executable at the source and 644 otherwise, folders 755, whatever the
 * umask of the machine that built them; owner root, modification time 1970-01-01T00:00:01Z
 * (jib's default): the same inputs give the same layer digests on any machine.
 */
public final class ImageLayers {
    public static final AbsoluteUnixPath JAVA_HOME = AbsoluteUnixPath.get("/opt/java");
    public static final AbsoluteUnixPath APP = AbsoluteUnixPath.get("/app");
    public static final AbsoluteUnixPath POLICIES = AbsoluteUnixPath.get("/etc/weighbridge/policies");

    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final FilePermissions READABLE = FilePermissions.fromOctalString("644");

    private ImageLayers() {
    }

    /**
     * @param runtime what {@code image/build-runtime} wrote: {@code os/} and {@code jre/}
     * @param app {@code target/quarkus-app}
     * @param policies the default policies baked in (the mounted ConfigMap replaces them)
     */
    public static List<FileEntriesLayer> of(Path runtime, Path app, Path policies) {
        return List.of(
                layer("os", runtime.resolve("os"), AbsoluteUnixPath.get("/")),
                layer("java", runtime.resolve("jre"), JAVA_HOME),
                layer("dependencies", List.of(
                        new Source(app.resolve("lib"), APP.resolve("lib")))),
                layer("policies", policies, POLICIES),
                layer("application", List.of(
                        new Source(app.resolve("app"), APP.resolve("app")),
                        new Source(app.resolve("quarkus"), APP.resolve("quarkus")),
                        new Source(app.resolve("quarkus-app-dependencies.txt"), APP.resolve("quarkus-app-dependencies.txt")),
                        new Source(app.resolve("quarkus-run.jar"), APP.resolve("quarkus-run.jar")))));
    }

    /** A file or folder on disk and where it goes in the image. */
    record Source(Path from, AbsoluteUnixPath to) {
    }

    private static FileEntriesLayer layer(String name, Path from, AbsoluteUnixPath to) {
        return layer(name, List.of(new Source(from, to)));
    }

    private static FileEntriesLayer layer(String name, List<Source> sources) {
        FileEntriesLayer.Builder builder = FileEntriesLayer.builder().setName(name);
        for (Source source : sources) {
            if (!Files.exists(source.from())) {
                throw new IllegalArgumentException("layer " + name + ": " + source.from() + " does not exist");
            }
            try {
                for (Source entry : rootless(source)) {
                    builder.addEntryRecursive(entry.from(), entry.to(), ImageLayers::permissions);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return builder.build();
    }

    /** A folder that goes to "/" is added by its children: jib has no entry for "/" itself. */
    private static List<Source> rootless(Source source) throws IOException {
        if (!source.to().toString().equals("/")) {
            return List.of(source);
        }
        try (Stream<Path> children = Files.list(source.from())) {
            return children.sorted()
                    .map(child -> new Source(child, source.to().resolve(child.getFileName().toString())))
                    .toList();
        }
    }

    private static FilePermissions permissions(Path file, AbsoluteUnixPath target) {
        if (Files.isDirectory(file)) {
            return EXECUTABLE;
        }
        try {
            Set<PosixFilePermission> own = Files.getPosixFilePermissions(file);
            return own.contains(PosixFilePermission.OWNER_EXECUTE) ? EXECUTABLE : READABLE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
