package io.weighbridge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a server with {@code wrk} (saturation: closed loop, {@link #CONNECTIONS} connections)
 * or {@code hey} (a constant rate: {@code -q} per worker, every request's latency in its CSV).
 */
final class Load {
    /** As in issue 13's figures ({@code hey -c 32}). */
    static final int CONNECTIONS = 32;
    /** hey workers at a constant rate: each sends {@code rate / RATE_WORKERS} requests a second. */
    static final int RATE_WORKERS = 20;

    private static final Pattern WRK_LINE = Pattern.compile(
            "BENCH requests=(\\d+) duration_us=(\\d+) p50_us=(\\d+) p99_us=(\\d+) p999_us=(\\d+) errors=(\\d+)");

    private final Path reportScript;

    Load(Path reportScript) {
        this.reportScript = reportScript;
    }

    /** Requests per second and latencies of one measurement; {@code errors} counts failed or non-2xx answers. */
    record Result(
            double requestsPerSecond,
            double p50Millis,
            double p99Millis,
            double p999Millis,
            long requests,
            long errors) {
        boolean clean() {
            return errors * 1000 <= requests;
        }
    }

    /** {@code wrk} at saturation; {@code body} null for a GET. */
    Result saturate(String url, Path body, Duration duration) {
        List<String> command = new ArrayList<>(List.of(
                "wrk",
                "-t2",
                "-c" + CONNECTIONS,
                "-d" + duration.toSeconds() + "s",
                "--timeout",
                "10s",
                "-s",
                reportScript.toString(),
                url));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("BODY", body == null ? "" : body.toString());
        String output = Commands.run(builder, duration.plusSeconds(30));
        Matcher m = WRK_LINE.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no figures: " + output);
        }
        long requests = Long.parseLong(m.group(1));
        double seconds = Long.parseLong(m.group(2)) / 1e6;
        return new Result(
                requests / seconds,
                micros(m.group(3)),
                micros(m.group(4)),
                micros(m.group(5)),
                requests,
                Long.parseLong(m.group(6)));
    }

    /** {@code hey} at {@code rate} requests a second; percentiles from every request's latency. */
    Result constantRate(String url, Path body, int rate, Duration duration) {
        List<String> command = new ArrayList<>(List.of(
                "hey",
                "-z",
                duration.toSeconds() + "s",
                "-c",
                String.valueOf(RATE_WORKERS),
                "-q",
                String.valueOf((double) rate / RATE_WORKERS),
                "-t",
                "10",
                "-o",
                "csv"));
        if (url.startsWith("https:")) {
            // hey sends its Host header as the TLS server name; left alone, that is "127.0.0.1:port",
            // which is no host name, and the JDK's TLS server refuses it (illegal_parameter).
            command.addAll(List.of("-host", Certificates.SERVICE_NAME));
        }
        if (body != null) {
            command.addAll(List.of("-m", "POST", "-T", "application/json", "-D", body.toString()));
        }
        command.add(url);
        String csv = Commands.run(new ProcessBuilder(command), duration.plusSeconds(30));
        List<Double> latencies = new ArrayList<>();
        long errors = 0;
        for (String line : csv.split("\n")) {
            String[] fields = line.split(",");
            if (fields.length < 8 || !Character.isDigit(fields[0].charAt(0))) {
                continue;
            }
            latencies.add(Double.parseDouble(fields[0]) * 1000);
            int status = Integer.parseInt(fields[6].strip());
            if (status < 200 || status >= 300) {
                errors++;
            }
        }
        if (latencies.isEmpty()) {
            throw new IllegalStateException(
                    "hey measured no request: " + csv.lines().limit(5).toList());
        }
        double[] sorted =
                latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(
                sorted.length / (double) duration.toSeconds(),
                percentile(sorted, 50),
                percentile(sorted, 99),
                percentile(sorted, 99.9),
                sorted.length,
                errors);
    }

    static double percentile(double[] sorted, double percent) {
        int index = (int) Math.ceil(percent / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double median(List<Double> values) {
        return percentile(
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 50);
    }

    private static double micros(String value) {
        return Long.parseLong(value) / 1000.0;
    }
}
