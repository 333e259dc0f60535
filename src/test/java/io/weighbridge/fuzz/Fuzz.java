package io.weighbridge.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What every fuzz target asserts: each input is answered within a bound, and what a person reads
 * (a reason, a message, a warning) is one line of characters they can see. The bound catches a
 * hang (a regex or a parser that never ends), not slowness: speed is measured in {@code bench/}.
 */
public final class Fuzz {
    /** Far above any honest answer (milliseconds); a slow machine never gets near it. */
    public static final Duration HANG = Duration.ofSeconds(10);

    /**
     * How many times a target that talks to a server stretches its time bounds: 1 in the suite; a long
     * run at nice 19 beside other work passes more ({@code bench/fuzz/run --patience N}), so that a
     * starved scheduler is not taken for a registry that did not answer.
     */
    public static final int PATIENCE = Integer.getInteger("weighbridge.fuzz.patience", 1);

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fuzz-target");
        thread.setDaemon(true);
        return thread;
    });

    private Fuzz() {}

    /** A time bound stretched by {@link #PATIENCE}. */
    public static Duration patient(Duration bound) {
        return bound.multipliedBy(PATIENCE);
    }

    /** Runs {@code work} and returns its result, or fails when it has not finished within {@code bound}. */
    public static <T> T within(Duration bound, Callable<T> work) throws Exception {
        Future<T> answer = WORKERS.submit(work);
        try {
            return WARMING_UP.get() ? answer.get() : answer.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return fail("no answer within " + bound.toMillis() + " ms (a hang)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception thrown) {
                throw thrown;
            }
            throw (Error) e.getCause();
        }
    }

    /** A target that warms up: its calls of {@link #within} have no bound. */
    private static final ThreadLocal<Boolean> WARMING_UP = ThreadLocal.withInitial(() -> false);

    /** A check of one input, as a target makes it. */
    public interface Check {
        void accept(byte[] input) throws Exception;
    }

    /**
     * Each input through {@code check} once, with no bound, whatever it finds: the classes its paths need load
     * now, not within a bound of the first inputs (seconds on a cold JVM under load, more under Jazzer's
     * instrumentation). What it finds is found again by the target's own run of the same inputs.
     */
    public static void warmUp(Stream<byte[]> inputs, Check check) {
        WARMING_UP.set(true);
        try {
            inputs.forEach(input -> {
                try {
                    check.accept(input);
                } catch (Exception | AssertionError reportedByTheTarget) {
                    // the target's own run of this input reports it, within its bound
                }
            });
        } finally {
            WARMING_UP.set(false);
        }
    }

    /** A reason, message or warning: not blank, no line break, nothing a reader cannot see or could misread. */
    public static void assertOneLine(String what, String text) {
        assertFalse(text == null || text.isBlank(), what + " is blank");
        text.codePoints().forEach(c -> {
            if (!visible(c)) {
                fail(what + " holds U+%04X: %s".formatted(c, text.replaceAll("\\p{C}", "?")));
            }
        });
    }

    /** Several lines, each of them {@link #assertOneLine one line}. */
    public static void assertLines(String what, String text) {
        assertFalse(text == null || text.isBlank(), what + " is blank");
        text.lines().forEach(line -> assertOneLine(what + " line", line));
    }

    /** Java class and exception names: what a person must never read in a reason. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:java|javax|jakarta|com\\.fasterxml|io\\.fabric8|io\\.vertx|io\\.netty|org\\.yaml|io\\.weighbridge)\\.[a-z]+\\.[A-Za-z.]*"
                    + "|\\b[A-Z][A-Za-z]*(?:Exception|Error)\\b");

    /** The dots that end a name cut short: no part of the name. */
    private static final Pattern CUT = Pattern.compile("\\.+$");
    /** A Dockerfile's line continuation: a backslash, blanks, the end of the line. */
    private static final Pattern LINE_CONTINUATION = Pattern.compile("\\\\[ \\t]*\\r?\\n");

    /**
     * No Java class or exception name in what a person reads, unless the input itself wrote it there
     * (quoted back, perhaps with a variable expanded after it: {@code !!java.lang.Object${X}}, or cut short by a
     * message's cap: {@code !!java.lang.Obj...}).
     */
    public static void assertNoJavaNames(String what, String text, String input) {
        // A Dockerfile's line continuation joins what the file spells on two lines into one name.
        String joined = input + "\n" + LINE_CONTINUATION.matcher(input).replaceAll("");
        Matcher name = JAVA_NAME.matcher(text);
        while (name.find()) {
            String found = CUT.matcher(name.group()).replaceFirst("");
            String echoed = found.contains(".") ? found.substring(0, found.lastIndexOf('.') + 1) : found;
            // A name the input spells in parts (a Dockerfile's FROM through ${ARG}s) is its own text too.
            boolean spelledInParts = Arrays.stream(found.split("\\."))
                    .filter(part -> !part.isEmpty())
                    .allMatch(joined::contains);
            if (!joined.contains(echoed) && !spelledInParts) {
                fail(what + " names a Java class: " + text);
            }
        }
    }

    /** Independent of the code under test: control, format (bidi, zero-width), private-use, surrogate and unassigned code points are not. */
    static boolean visible(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.PRIVATE_USE,
                    Character.SURROGATE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> !Character.isWhitespace(c);
        };
    }

    /** The text of every regular file under a test resource directory (or one file), sorted by name. */
    public static List<String> texts(String resource) {
        Path root = Path.of("src/test/resources", resource);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .sorted()
                    .map(file -> {
                        try {
                            return Files.readString(file, StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
