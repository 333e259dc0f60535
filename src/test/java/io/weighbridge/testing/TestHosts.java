package io.weighbridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Names that processes started by the tests (the proxy) resolve to 127.0.0.1 through
 * {@code /etc/hosts}: the webhook's own lookups go through the address guard's resolver seam,
 * but a proxy resolves with the system's. {@code .ci/install-test-tools} writes the line; a run as
 * root adds it when missing, anyone else reads the one line that fixes it.
 */
public final class TestHosts {
    /** The registry name the proxy tests use: a name, since loopback IP literals are never proxied. */
    public static final String REGISTRY = "registry.test";

    private static final Path HOSTS = Path.of("/etc/hosts");

    private TestHosts() {}

    /** Makes sure {@code name} resolves to 127.0.0.1 for every process on this machine. */
    public static synchronized void ensureLoopback(String name) {
        Pattern line = Pattern.compile("(?m)^\\s*127\\.0\\.0\\.1\\s+(?:\\S+\\s+)*" + Pattern.quote(name) + "(?:\\s|$)");
        try {
            if (line.matcher(Files.readString(HOSTS, StandardCharsets.UTF_8)).find()) {
                return;
            }
            if (!Files.isWritable(HOSTS)) {
                throw new IllegalStateException(
                        name + " does not resolve to 127.0.0.1: run .ci/install-test-tools as root, or "
                                + "echo '127.0.0.1 " + name + "' >> /etc/hosts");
            }
            Files.writeString(HOSTS, "127.0.0.1 " + name + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
