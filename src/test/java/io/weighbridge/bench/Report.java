package io.weighbridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one table of a run: every figure beside the peer's and the trivial endpoint's, as ratios, with its target. */
final class Report {
    static final String HELD = "HELD";
    static final String NOT_HELD = "NOT HELD";

    record Row(
            String figure,
            String weighbridge,
            String peer,
            String trivial,
            String vsPeer,
            String vsTrivial,
            String target,
            String verdict) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    void note(String line) {
        notes.add(line);
    }

    /** Throughput at saturation: targets ≥ 1.5× the peer and ≥ 0.5× the trivial endpoint. */
    void throughput(String figure, Load.Result weighbridge, Load.Result peer, Load.Result trivial) {
        double vsPeer = weighbridge.requestsPerSecond() / peer.requestsPerSecond();
        double vsTrivial = trivial == null ? Double.NaN : weighbridge.requestsPerSecond() / trivial.requestsPerSecond();
        boolean held = vsPeer >= 1.5 && (trivial == null || vsTrivial >= 0.5) && weighbridge.clean();
        add(new Row(
                figure + ", req/s",
                rate(weighbridge),
                rate(peer),
                trivial == null ? "—" : rate(trivial),
                ratio(vsPeer),
                trivial == null ? "—" : ratio(vsTrivial),
                "≥ 1.5× peer, ≥ 0.5× trivial",
                verdict(held)));
        add(new Row(
                figure + ", p50 / p99 / p99.9 ms",
                latencies(weighbridge),
                latencies(peer),
                trivial == null ? "—" : latencies(trivial),
                ratio(weighbridge.p99Millis() / peer.p99Millis()) + " (p99)",
                trivial == null ? "—" : ratio(weighbridge.p99Millis() / trivial.p99Millis()) + " (p99)",
                "",
                ""));
    }

    /** The server process's CPU per request (all its threads: GC and JIT too), beside throughput: what it does, without the load generator's share of the two cores. */
    void cpuPerRequest(String figure, double weighbridge, double peer, double trivial) {
        add(new Row(
                figure + ", server CPU per request, µs",
                number("%.0f", weighbridge),
                number("%.0f", peer),
                Double.isNaN(trivial) ? "—" : number("%.0f", trivial),
                ratio(weighbridge / peer),
                Double.isNaN(trivial) ? "—" : ratio(weighbridge / trivial),
                "",
                ""));
    }

    /** Latency at a fixed rate: targets p99 < 5 ms and p99.9 < 10 ms. */
    void fixedRate(String figure, Load.Result weighbridge, Load.Result peer, Load.Result trivial) {
        boolean held = weighbridge.p99Millis() < 5 && weighbridge.p999Millis() < 10 && weighbridge.clean();
        add(new Row(
                figure + ", p50 / p99 / p99.9 ms (achieved req/s)",
                latencies(weighbridge) + " (" + rate(weighbridge) + ")",
                latencies(peer) + " (" + rate(peer) + ")",
                latencies(trivial) + " (" + rate(trivial) + ")",
                ratio(weighbridge.p99Millis() / peer.p99Millis()) + " (p99)",
                ratio(weighbridge.p99Millis() / trivial.p99Millis()) + " (p99)",
                "p99 < 5 ms, p99.9 < 10 ms",
                verdict(held)));
    }

    static String verdict(boolean held) {
        return held ? HELD : NOT_HELD;
    }

    static String rate(Load.Result result) {
        return String.format(Locale.ROOT, "%,.0f", result.requestsPerSecond())
                + (result.clean() ? "" : " (" + result.errors() + " errors)");
    }

    static String latencies(Load.Result result) {
        return String.format(
                Locale.ROOT, "%.2f / %.2f / %.2f", result.p50Millis(), result.p99Millis(), result.p999Millis());
    }

    static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String number(String format, Object... values) {
        return String.format(Locale.ROOT, format, values);
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append(
                "| figure | Weighbridge | peer (fabric8 echo) | trivial endpoint | vs peer | vs trivial | target | |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ")
                    .append(String.join(
                            " | ",
                            row.figure(),
                            row.weighbridge(),
                            row.peer(),
                            row.trivial(),
                            row.vsPeer(),
                            row.vsTrivial(),
                            row.target(),
                            row.verdict()))
                    .append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.toString();
    }
}
