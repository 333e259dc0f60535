package io.weighbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Quarkus application of the benchmark, run as its own JVM, measured from outside (RSS, heap, start-up). */
final class ServerProcess implements AutoCloseable {
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private final String name;
    private final Process process;
    private final long startedNanos;
    private final Path log;

    private ServerProcess(String name, Process process, long startedNanos, Path log) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    /** {@code java <jvmOptions> <systemProperties> -jar <jar>}, output to {@code <name>.log} in {@code workDirectory}. */
    static ServerProcess start(
            String name, Path jar, List<String> jvmOptions, List<String> systemProperties, Path workDirectory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(systemProperties);
        command.add("-jar");
        command.add(jar.toString());
        Path log = workDirectory.resolve(name + ".log");
        try {
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .directory(workDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ServerProcess(name, process, started, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** A loopback port free now (the server binds it a moment later; a clash fails the start loudly). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * Milliseconds from the process start until {@code GET url} answered 200 (polled every 5 ms,
     * so the figure is at most that late).
     */
    double awaitOk(HttpClient client, String url, Duration timeout) {
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(1))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return millisSinceStart();
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(5);
        }
        throw new IllegalStateException(name + " did not answer " + url + " within " + timeout + "; see " + log);
    }

    double millisSinceStart() {
        return (System.nanoTime() - startedNanos) / 1e6;
    }

    /** CPU time the process has used so far, user and system, all its threads (GC and JIT included), in ms. */
    double cpuMillis() {
        try {
            return cpuMillisOf(
                    Files.readString(Path.of("/proc", String.valueOf(pid()), "stat")), CLOCK_TICKS_PER_SECOND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Linux's USER_HZ, what {@code /proc/PID/stat} counts CPU time in ({@code getconf CLK_TCK}: 100 on every Linux ABI). */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    /** utime + stime (fields 14 and 15) of a {@code /proc/PID/stat} line; the command name in parentheses may hold spaces. */
    static double cpuMillisOf(String stat, long ticksPerSecond) {
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(afterName[11]) + Long.parseLong(afterName[12]);
        return ticks * 1000.0 / ticksPerSecond;
    }

    /** Resident set size now, in KiB. */
    long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no VmRSS for " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Heap in use after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}), in KiB. */
    long heapUsedAfterGcKiB() {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("cannot read the heap of " + name + ": " + info);
        }
        return Long.parseLong(m.group(1));
    }

    String jcmd(String... arguments) {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid())));
        command.addAll(List.of(arguments));
        return Commands.run(command, Duration.ofMinutes(2));
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
