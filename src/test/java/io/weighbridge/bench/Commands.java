package io.weighbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a tool (wrk, hey, jcmd, jfr, openssl) to its end and answers what it printed. */
final class Commands {
    private Commands() {}

    static String run(List<String> command, Duration timeout) {
        return run(new ProcessBuilder(command), timeout);
    }

    static String run(ProcessBuilder builder, Duration timeout) {
        List<String> command = builder.command();
        try {
            Process process = builder.redirectErrorStream(true).start();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " ran longer than " + timeout);
            }
            String text = new String(output.join(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " exited with " + process.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot run " + command.get(0) + " (wrk and hey: apt-get install wrk hey)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
