package io.weighbridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The files a {@link TestRegistry} runs from: its config.yml and, for basic auth, an htpasswd file. */
final class RegistryFiles {
    private static final Path HTPASSWD_BINARY = Path.of("/usr/bin/htpasswd");

    private RegistryFiles() {}

    /** {@code accessLog}: one line per request in the registry's log (Combined Log Format), for counting requests. */
    static Path writeConfig(Path workDirectory, int port, Path htpasswd, boolean accessLog) {
        return writeConfig(workDirectory, workDirectory.resolve("storage"), port, htpasswd, accessLog, null);
    }

    /** {@code storage}: the directory of the images; {@code tls}: certificate and key to serve HTTPS with, or null. */
    static Path writeConfig(
            Path workDirectory, Path storage, int port, Path htpasswd, boolean accessLog, TestRegistry.Tls tls) {
        String auth = htpasswd == null ? "" : """
                auth:
                  htpasswd:
                    realm: weighbridge-test
                    path: %s
                """.formatted(htpasswd);
        String yaml = """
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: %s
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                  maintenance:
                    uploadpurging:
                      enabled: false
                http:
                  addr: 127.0.0.1:%d
                  secret: weighbridge-test-registry
                """.formatted(!accessLog, storage, port)
                + (tls == null ? "" : """
                  tls:
                    certificate: %s
                    key: %s
                """.formatted(tls.certificate(), tls.key()))
                + auth;
        return write(workDirectory.resolve("config.yml"), yaml);
    }

    static Path writeHtpasswd(Path workDirectory, TestRegistry.Credentials credentials) {
        requireBinary(HTPASSWD_BINARY, "apache2-utils");
        String line = run(List.of(HTPASSWD_BINARY.toString(), "-Bbn", credentials.user(), credentials.password()));
        return write(workDirectory.resolve("htpasswd"), line.strip() + "\n");
    }

    private static String run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(command.get(0) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command.get(0), e);
        }
    }

    private static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails with the one line that fixes it when a Debian package is missing. */
    static void requireBinary(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: apt-get install " + debianPackage);
        }
    }
}
