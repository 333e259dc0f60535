package io.weighbridge.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A one-line "weighing… 3s" on stderr while work runs, only when stderr is a terminal so that
 * logs and pipes never see carriage returns.
 */
final class Progress implements AutoCloseable {
    private static final Progress SILENT = new Progress(null, null);

    private final PrintWriter err;
    private final ScheduledExecutorService ticker;

    private Progress(PrintWriter err, ScheduledExecutorService ticker) {
        this.err = err;
        this.ticker = ticker;
    }

    static Progress onTerminal(PrintWriter err, String what) {
        return onTerminal(err, () -> what);
    }

    /** @param what the line to show, asked again at every tick ({@code weighing images… 37 of 120}) */
    static Progress onTerminal(PrintWriter err, Supplier<String> what) {
        if (!stderrIsTerminal()) {
            return SILENT;
        }
        return ticking(err, what);
    }

    /** Ticks on {@code err} whatever it is connected to; {@link #onTerminal} decides when to. */
    static Progress ticking(PrintWriter err, Supplier<String> what) {
        Instant start = Instant.now();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "check-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(
                () -> {
                    long seconds = Duration.between(start, Instant.now()).toSeconds();
                    err.print("\r\033[K" + what.get() + "… " + seconds + "s");
                    err.flush();
                },
                0,
                250,
                TimeUnit.MILLISECONDS);
        return new Progress(err, ticker);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            err.print("\r\033[K");
            err.flush();
        }
    }

    /** Java 17 has no test for stderr alone; on Linux the fd link tells, elsewhere the console does. */
    private static boolean stderrIsTerminal() {
        Path stderr = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(stderr).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
