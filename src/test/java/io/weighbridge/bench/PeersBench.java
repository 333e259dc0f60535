package io.weighbridge.bench;

import io.weighbridge.testing.BenchRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/peers/run}: Weighbridge against a minimal fabric8 echo webhook (its peer) and its
 * own trivial endpoint, in one run on one machine, printed as one table of ratios with issue 13's
 * targets as HELD or NOT HELD. See bench/README.md.
 */
public final class PeersBench {
    private static final Pattern WEIGHTS_CACHED =
            Pattern.compile("weighbridge_cache_size\\{cache=\"weights\"[^}]*} ([0-9.eE+]+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int STARTS = 3;
    private static final int HERD = 200;
    private static final int FIXED_RATE = 1000;
    private static final int P99_TARGET_MILLIS = 5;
    private static final List<Integer> CAPACITY_LADDER = List.of(250, 500, 1000, 2000, 4000);
    private static final int IMAGES_PER_MASS_REVIEW = 20;
    /** Longer than any deadline a weighing arms (base detection's 30 s by default). */
    private static final Duration DEADLINES_SETTLE = Duration.ofSeconds(35);

    /** Durations and sizes of a run. */
    record Options(
            boolean quick, Duration warmUp, Duration measure, Duration rss, int cold, int massImages, boolean profile) {
        static Options parse(String[] args) {
            boolean quick = List.of(args).contains("--quick");
            Options options = quick
                    ? new Options(
                            true, Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(20), 8, 1_000, true)
                    : new Options(
                            false,
                            Duration.ofSeconds(20),
                            Duration.ofSeconds(20),
                            Duration.ofMinutes(5),
                            40,
                            100_000,
                            true);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick", "--cold-only", "--start-and-heap", "--heap-only" -> {}
                    case "--no-profile" -> options = options.with(false);
                    case "--images" ->
                        options = new Options(
                                options.quick,
                                options.warmUp,
                                options.measure,
                                options.rss,
                                options.cold,
                                Integer.parseInt(args[++i]),
                                options.profile);
                    case "--rss-seconds" ->
                        options = new Options(
                                options.quick,
                                options.warmUp,
                                options.measure,
                                Duration.ofSeconds(Long.parseLong(args[++i])),
                                options.cold,
                                options.massImages,
                                options.profile);
                    default ->
                        throw new IllegalArgumentException(
                                "unknown option " + args[i]
                                        + "; usage: bench/peers/run [--quick] [--cold-only] [--start-and-heap] [--heap-only] [--images N] [--rss-seconds S] [--no-profile]");
                }
            }
            return options;
        }

        Options with(boolean profiling) {
            return new Options(quick, warmUp, measure, rss, cold, massImages, profiling);
        }
    }

    private final Options options;
    /** {@code --cold-only}: only the cold path's rows (a new image on a known base, requests per image, the herd). */
    private final boolean coldOnly;
    /** {@code --start-and-heap}: only start-up (three starts of each server) and the heap per cached image. */
    private final boolean startAndHeapOnly;
    /** {@code --heap-only}: only the heap per cached image. */
    private final boolean heapOnly;

    private final Path root;
    private final Path work;
    private final Report report = new Report();
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private BenchRegistry registry;
    private Servers servers;
    private BenchHttp http;
    private Reviews reviews;
    private Load load;
    private String profile;

    private PeersBench(
            Options options, boolean coldOnly, boolean startAndHeapOnly, boolean heapOnly, Path root, Path work) {
        this.options = options;
        this.coldOnly = coldOnly;
        this.startAndHeapOnly = startAndHeapOnly;
        this.heapOnly = heapOnly;
        this.root = root;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path root =
                Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("target/bench-peers");
        Files.createDirectories(work);
        PeersBench bench = new PeersBench(
                Options.parse(args),
                List.of(args).contains("--cold-only"),
                List.of(args).contains("--start-and-heap") || List.of(args).contains("--heap-only"),
                List.of(args).contains("--heap-only"),
                root,
                work);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::closeAll, "bench-stop"));
        try {
            bench.run();
        } finally {
            bench.closeAll();
        }
        System.exit(0);
    }

    private void run() {
        String loadBefore = loadAverage();
        long started = System.nanoTime();
        say("pushing the bench images (" + options.massImages + " distinct images for the heap figure)…");
        registry = keep(BenchRegistry.start(5 * options.cold + 2, coldOnly ? 0 : options.massImages));
        Certificates certificates = Certificates.make(work);
        http = new BenchHttp(certificates);
        servers = new Servers(root, work, certificates, registry.hostPort());
        reviews = new Reviews(root.resolve("bench/peers/reviews"), work, registry.reviewImages());
        load = new Load(root.resolve("bench/peers/report.lua"));
        say("registry ready in " + seconds(started) + "; load before the run: " + loadBefore);

        if (coldOnly) {
            coldPathOnly();
        } else if (startAndHeapOnly) {
            if (!heapOnly) {
                startUpOnly();
            }
            heapPerCachedImage();
        } else {
            plainHttp();
            https();
            heapPerCachedImage();
        }

        report.note("load average (1, 5, 15 min) before the run: " + loadBefore + "; after: " + loadAverage()
                + " — the machine is shared, compare the ratios, not the absolute figures");
        report.note("JVM options of both servers: " + String.join(" ", Servers.JVM_OPTIONS) + "; wrk -t2 -c"
                + Load.CONNECTIONS + " for " + options.measure.toSeconds() + " s after a " + options.warmUp.toSeconds()
                + " s warm-up; hey -c " + Load.RATE_WORKERS + " at " + FIXED_RATE + " req/s for "
                + options.measure.toSeconds() + " s; " + (options.quick ? "--quick: too short to quote" : "full run")
                + "; took " + seconds(started));
        String table = report.markdown();
        System.out.println();
        System.out.println(table);
        if (profile != null) {
            System.out.println(profile);
        }
        write(work.resolve("report.md"), table + (profile == null ? "" : "\n```\n" + profile + "```\n"));
        say("written to " + work.resolve("report.md") + "; server logs beside it");
    }

    /** {@code --cold-only}: the webhook over HTTP, its bases read once by the reviews' images, then the cold path alone. */
    private void coldPathOnly() {
        Servers.Started weighbridge = keep(servers.weighbridge("weighbridge-http", false, List.of(), List.of()));
        weighbridge.process().awaitOk(http.client(), weighbridge.readyUrl(), START_TIMEOUT);
        for (String kind : Reviews.KINDS) {
            http.post(weighbridge.validateUrl(), reviews.json(kind));
        }
        coldPath(weighbridge);
        close(weighbridge);
    }

    /** {@code --start-and-heap}: each server started {@value #STARTS} times, one after the other; the medians. */
    private void startUpOnly() {
        double[][] figures = new double[4][STARTS];
        for (int i = 0; i < STARTS; i++) {
            say("start-up " + (i + 1) + " of " + STARTS);
            try (Servers.Started weighbridge =
                    servers.weighbridge("weighbridge-start-" + i, false, List.of(), List.of())) {
                figures[0][i] = weighbridge.process().awaitOk(http.client(), weighbridge.readyUrl(), START_TIMEOUT);
                http.post(weighbridge.validateUrl(), reviews.json("pod"));
                figures[1][i] = weighbridge.process().millisSinceStart();
            }
            try (Servers.Started peer = servers.peer("peer-start-" + i, false)) {
                figures[2][i] = peer.process().awaitOk(http.client(), peer.readyUrl(), START_TIMEOUT);
                http.post(peer.validateUrl(), reviews.json("pod"));
                figures[3][i] = peer.process().millisSinceStart();
            }
        }
        startRows(median(figures[0]), median(figures[1]), median(figures[2]), median(figures[3]));
        report.note("start-up: the median of " + STARTS + " starts of each server, alternately; Weighbridge ready "
                + Arrays.toString(figures[0]) + " ms, peer " + Arrays.toString(figures[2]) + " ms");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private void startRows(double ready, double firstAdmission, double peerReady, double peerFirst) {
        report.add(new Report.Row(
                "start → ready, ms (peer: → first answer)",
                Report.number("%.0f", ready),
                Report.number("%.0f", peerReady),
                "—",
                Report.ratio(ready / peerReady),
                "—",
                "< 2000 ms",
                Report.verdict(ready < 2000)));
        report.add(new Report.Row(
                "start → first admission, ms (Pod review, its 5 images weighed cold)",
                Report.number("%.0f", firstAdmission),
                Report.number("%.0f", peerFirst),
                "—",
                Report.ratio(firstAdmission / peerFirst),
                "—",
                "",
                ""));
    }

    /** Start-up, warm throughput and latency, the cold path and RSS, all over plain HTTP. */
    private void plainHttp() {
        Servers.Started weighbridge = keep(servers.weighbridge("weighbridge-http", false, List.of(), List.of()));
        double ready = weighbridge.process().awaitOk(http.client(), weighbridge.readyUrl(), START_TIMEOUT);
        http.post(weighbridge.validateUrl(), reviews.json("pod"));
        double firstAdmission = weighbridge.process().millisSinceStart();
        Servers.Started peer = keep(servers.peer("peer-http", false));
        double peerReady = peer.process().awaitOk(http.client(), peer.readyUrl(), START_TIMEOUT);
        http.post(peer.validateUrl(), reviews.json("pod"));
        double peerFirst = peer.process().millisSinceStart();
        startRows(ready, firstAdmission, peerReady, peerFirst);

        warm(weighbridge, peer);
        say("HTTP: saturation");
        Measured trivial = saturate(weighbridge, weighbridge.trivialUrl(), null);
        for (String kind : Reviews.KINDS) {
            Path review = reviews.file(kind);
            Measured ours = saturate(weighbridge, weighbridge.validateUrl(), review);
            Measured theirs = saturate(peer, peer.validateUrl(), review);
            boolean pod = kind.equals("pod");
            report.throughput(
                    "HTTP, warm " + kind + " review at saturation",
                    ours.load(),
                    theirs.load(),
                    pod ? trivial.load() : null);
            report.cpuPerRequest(
                    "HTTP, warm " + kind + " review at saturation",
                    ours.cpuMicrosPerRequest(),
                    theirs.cpuMicrosPerRequest(),
                    pod ? trivial.cpuMicrosPerRequest() : Double.NaN);
        }
        say("HTTP: " + FIXED_RATE + " req/s");
        fixedRate("HTTP", weighbridge, peer);
        capacity(weighbridge);
        if (options.profile) {
            profile(weighbridge);
        }
        coldPath(weighbridge);
        rss(weighbridge);
        close(peer);
        close(weighbridge);
    }

    private void https() {
        Servers.Started weighbridge = keep(servers.weighbridge("weighbridge-https", true, List.of(), List.of()));
        weighbridge.process().awaitOk(http.client(), weighbridge.readyUrl(), START_TIMEOUT);
        Servers.Started peer = keep(servers.peer("peer-https", true));
        peer.process().awaitOk(http.client(), peer.readyUrl(), START_TIMEOUT);
        warm(weighbridge, peer);
        say("HTTPS: saturation and " + FIXED_RATE + " req/s");
        Path review = reviews.file("pod");
        Load.Result trivial = load.saturate(weighbridge.trivialUrl(), null, options.measure);
        Load.Result ours = load.saturate(weighbridge.validateUrl(), review, options.measure);
        Load.Result theirs = load.saturate(peer.validateUrl(), review, options.measure);
        report.throughput("HTTPS, warm pod review at saturation", ours, theirs, trivial);
        fixedRate("HTTPS", weighbridge, peer);
        close(peer);
        close(weighbridge);
    }

    /** A load at saturation and the CPU the server spent on it per request (wrk's and the kernel's own work not counted). */
    private record Measured(Load.Result load, double cpuMicrosPerRequest) {}

    private Measured saturate(Servers.Started server, String url, Path body) {
        double before = server.process().cpuMillis();
        Load.Result result = load.saturate(url, body, options.measure);
        double cpuMillis = server.process().cpuMillis() - before;
        return new Measured(result, cpuMillis * 1000 / Math.max(1, result.requests()));
    }

    private void warm(Servers.Started weighbridge, Servers.Started peer) {
        say("warming up both servers (" + options.warmUp.toSeconds() + " s each)");
        for (Servers.Started server : List.of(weighbridge, peer)) {
            for (String kind : Reviews.KINDS) {
                http.post(server.validateUrl(), reviews.json(kind));
            }
            load.saturate(server.validateUrl(), reviews.file("pod"), options.warmUp);
        }
        load.saturate(weighbridge.trivialUrl(), null, Duration.ofSeconds(Math.min(5, options.warmUp.toSeconds())));
    }

    private void fixedRate(String protocol, Servers.Started weighbridge, Servers.Started peer) {
        Path review = reviews.file("pod");
        Load.Result trivial = load.constantRate(weighbridge.trivialUrl(), null, FIXED_RATE, options.measure);
        Load.Result ours = load.constantRate(weighbridge.validateUrl(), review, FIXED_RATE, options.measure);
        Load.Result theirs = load.constantRate(peer.validateUrl(), review, FIXED_RATE, options.measure);
        report.fixedRate(protocol + ", warm pod review at " + FIXED_RATE + " req/s", ours, theirs, trivial);
    }

    /**
     * One replica's capacity for sizing: the highest rate of the ladder at which the Pod review's
     * p99 stays under the target (5 ms), climbing until it does not.
     */
    private void capacity(Servers.Started weighbridge) {
        say("HTTP: capacity at p99 < " + P99_TARGET_MILLIS + " ms");
        Path review = reviews.file("pod");
        int held = 0;
        StringBuilder steps = new StringBuilder();
        for (int rate : CAPACITY_LADDER) {
            Load.Result result = load.constantRate(weighbridge.validateUrl(), review, rate, options.measure);
            steps.append(
                    Report.number("%s%,d → p99 %.1f ms", steps.length() == 0 ? "" : "; ", rate, result.p99Millis()));
            if (result.p99Millis() >= P99_TARGET_MILLIS
                    || !result.clean()
                    || result.requestsPerSecond() < rate * 0.95) {
                break;
            }
            held = rate;
        }
        report.add(new Report.Row(
                "one replica's capacity: highest rate with p99 < " + P99_TARGET_MILLIS
                        + " ms (pod review, HTTP), req/s",
                held == 0 ? "< " + CAPACITY_LADDER.get(0) : Report.number("≥ %,d", held),
                "—",
                "—",
                "—",
                "—",
                "",
                steps.toString()));
    }

    private void profile(Servers.Started weighbridge) {
        say("profiling the webhook at saturation (JFR)");
        Path recording = work.resolve("weighbridge-warm.jfr");
        Profile.start(weighbridge.process(), recording);
        load.saturate(weighbridge.validateUrl(), reviews.file("pod"), options.measure);
        Profile.stop(weighbridge.process());
        profile = Profile.summary(recording, 25);
    }

    private void coldPath(Servers.Started weighbridge) {
        say("cold path: " + options.cold + " new images one by one, the plain client on " + options.cold
                + " others, a herd of " + HERD);
        ColdPath cold = new ColdPath(registry, http, reviews);
        // Both sides warmed on fresh images of their own first: the plain client's JDK HttpClient is already
        // compiled from the bench's own requests, the webhook's cold path would otherwise be measured while
        // the JIT still compiles it (a webhook that admits new images all day has it compiled).
        cold.admitOneByOne(weighbridge.validateUrl(), 3 * options.cold + 2, options.cold);
        ColdPath.Admissions admissions = cold.admitOneByOne(weighbridge.validateUrl(), 0, options.cold);
        double plain = cold.plainRoundTrips(options.cold, options.cold, 4 * options.cold + 2, options.cold);
        double ratio = admissions.medianMillis() / plain;
        report.add(new Report.Row(
                "cold admission of a new image on a known base, median ms (peer: HEAD tag + GET manifest + GET config by a plain client)",
                Report.number("%.1f", admissions.medianMillis()),
                Report.number("%.1f", plain),
                "—",
                Report.ratio(ratio),
                "—",
                "≤ 1.5× the plain client",
                Report.verdict(ratio <= 1.5)));
        report.add(new Report.Row(
                "registry requests per new image on a known base (peer: the protocol's minimum)",
                Report.number("%.2f", admissions.requestsPerImage()) + " (" + perKind(admissions.requestKindsPerImage())
                        + ")",
                String.valueOf(BenchRegistry.PROTOCOL_MINIMUM_REQUESTS),
                "—",
                Report.ratio(admissions.requestsPerImage() / BenchRegistry.PROTOCOL_MINIMUM_REQUESTS),
                "—",
                "3",
                Report.verdict(admissions.requestsPerImage() <= BenchRegistry.PROTOCOL_MINIMUM_REQUESTS)));
        ColdPath.Herd herd = cold.herd(weighbridge.validateUrl(), 2 * options.cold, HERD);
        report.add(new Report.Row(
                "herd of " + HERD + " concurrent admissions of one new image: manifest GETs at the registry",
                herd.manifestGets() + " (and " + herd.manifestHeads() + " HEAD, " + herd.blobGets()
                        + " blob GETs; all answered in " + Report.number("%.0f", herd.slowestMillis()) + " ms)",
                "—",
                "—",
                "—",
                "—",
                "1",
                Report.verdict(herd.manifestGets() <= 1)));
    }

    /**
     * RSS under mixed load: the Pod review at a steady rate, with a Deployment, a CronJob and a
     * Pod running a never-seen image among them, sampled every few seconds.
     */
    private void rss(Servers.Started weighbridge) {
        say("RSS under mixed load for " + options.rss.toSeconds() + " s");
        long sampleMillis = options.quick ? 1_000 : 5_000;
        CompletableFuture<Load.Result> steady = CompletableFuture.supplyAsync(
                () -> load.constantRate(weighbridge.validateUrl(), reviews.file("pod"), 300, options.rss));
        List<Long> samples = new ArrayList<>();
        long end = System.nanoTime() + options.rss.toNanos();
        long nextSample = System.nanoTime();
        int sent = 0;
        while (System.nanoTime() < end) {
            String review = switch (sent % 3) {
                case 0 -> reviews.json("deployment");
                case 1 -> reviews.json("cronjob");
                default -> reviews.podRunning(registry.massImage(registry.massImages() - 1 - sent / 3));
            };
            http.post(weighbridge.validateUrl(), review);
            sent++;
            if (System.nanoTime() >= nextSample) {
                samples.add(weighbridge.process().rssKiB());
                nextSample += sampleMillis * 1_000_000;
            }
            ServerProcess.sleep(100);
        }
        Load.Result steadyResult = steady.join();
        int warmed = Math.max(1, samples.size() / 10);
        long baseline = samples.get(warmed - 1);
        long last = samples.get(samples.size() - 1);
        long max = samples.subList(warmed - 1, samples.size()).stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(last);
        double growth = (max - baseline) / (double) baseline;
        report.add(new Report.Row(
                "RSS over " + options.rss.toSeconds() + " s of mixed load, MiB: after warm-up → last (max)",
                Report.number("%.0f → %.0f (%.0f)", baseline / 1024.0, last / 1024.0, max / 1024.0),
                "—",
                "—",
                "—",
                "—",
                "grows ≤ 10 %",
                Report.verdict(growth <= 0.10) + Report.number(" (%+.1f %%)", growth * 100)));
        report.note("mixed load: Pod reviews at 300 req/s (" + Report.rate(steadyResult) + " achieved) and " + sent
                + " other reviews one after another (Deployment, CronJob, a Pod running a new image: " + sent / 3
                + " new images)");
    }

    /** A webhook of its own, its weights cache big enough to keep every image of the mass. */
    private void heapPerCachedImage() {
        say("heap per cached image: weighing " + options.massImages + " distinct images");
        try (Servers.Started weighbridge = servers.weighbridge(
                "weighbridge-heap",
                false,
                List.of("-Xmx1g"),
                List.of("-Dweighbridge.registry.cache-max-memory=768M"))) {
            weighbridge.process().awaitOk(http.client(), weighbridge.readyUrl(), START_TIMEOUT);
            for (String kind : Reviews.KINDS) {
                http.post(weighbridge.validateUrl(), reviews.json(kind));
            }
            settleDeadlines();
            long heapBefore = weighbridge.process().heapUsedAfterGcKiB();
            ClassHistogram classesBefore =
                    ClassHistogram.parse(weighbridge.process().jcmd("GC.class_histogram"));
            double cachedBefore = cachedWeights(weighbridge);
            long started = System.nanoTime();
            AtomicLong unweighed = new AtomicLong();
            Semaphore inFlight = new Semaphore(4);
            List<CompletableFuture<Void>> answers = new ArrayList<>();
            for (int from = 0; from < options.massImages; from += IMAGES_PER_MASS_REVIEW) {
                List<String> images = new ArrayList<>();
                for (int i = from; i < Math.min(options.massImages, from + IMAGES_PER_MASS_REVIEW); i++) {
                    images.add(registry.massImage(i));
                }
                inFlight.acquireUninterruptibly();
                answers.add(http.client()
                        .sendAsync(
                                HttpRequest.newBuilder(URI.create(weighbridge.validateUrl()))
                                        .timeout(Duration.ofSeconds(30))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                Reviews.podOf(images, "mass-" + from)))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .thenAccept(response -> {
                            if (response.body().contains("could not")
                                    || response.body().contains("cannot weigh")) {
                                unweighed.incrementAndGet();
                            }
                        })
                        .whenComplete((ok, failure) -> inFlight.release()));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
            double weighSeconds = (System.nanoTime() - started) / 1e9;
            settleDeadlines();
            long heapAfter = weighbridge.process().heapUsedAfterGcKiB();
            ClassHistogram classesAfter =
                    ClassHistogram.parse(weighbridge.process().jcmd("GC.class_histogram"));
            double cached = cachedWeights(weighbridge) - cachedBefore;
            write(work.resolve("heap-classes.txt"), classesAfter.growthPer(classesBefore, cached, 40));
            double perImage = (heapAfter - heapBefore) * 1024.0 / cached;
            report.add(new Report.Row(
                    "heap per cached image after " + options.massImages + " distinct images (2 layers each), bytes",
                    Report.number("%.0f", perImage),
                    "—",
                    "—",
                    "—",
                    "—",
                    "< 1024",
                    Report.verdict(perImage < 1024)));
            report.note(Report.number(
                    "heap figure: %.0f images cached; heap after GC %.1f → %.1f MiB; weighed in %.0f s (%.0f images/s); "
                            + "%d reviews had images that could not be weighed; each heap read "
                            + DEADLINES_SETTLE.toSeconds() + " s after the last answer; growth per class in "
                            + "heap-classes.txt",
                    cached,
                    heapBefore / 1024.0,
                    heapAfter / 1024.0,
                    weighSeconds,
                    options.massImages / weighSeconds,
                    unweighed.get()));
        }
    }

    /**
     * Waits until every deadline the weighings so far armed has ended: until then the deadline clock's timers hold
     * what those weighings used (requests, futures, their waiters), which no cached image keeps.
     */
    private void settleDeadlines() {
        say("waiting " + DEADLINES_SETTLE.toSeconds() + " s for the weighings' deadlines to end");
        try {
            Thread.sleep(DEADLINES_SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String perKind(Map<String, Double> kinds) {
        return kinds.entrySet().stream()
                .map(kind -> Report.number("%s %.2f", kind.getKey(), kind.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private double cachedWeights(Servers.Started weighbridge) {
        String metricsUrl = weighbridge.readyUrl().replace("/q/health/ready", "/q/metrics");
        Matcher m = WEIGHTS_CACHED.matcher(http.get(metricsUrl));
        if (!m.find()) {
            throw new IllegalStateException("no weighbridge_cache_size{cache=\"weights\"} at " + metricsUrl);
        }
        return Double.parseDouble(m.group(1));
    }

    private <T extends AutoCloseable> T keep(T resource) {
        synchronized (open) {
            open.push(resource);
        }
        return resource;
    }

    private void close(AutoCloseable resource) {
        synchronized (open) {
            open.remove(resource);
        }
        closeQuietly(resource);
    }

    private void closeAll() {
        synchronized (open) {
            while (!open.isEmpty()) {
                closeQuietly(open.pop());
            }
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("bench: closing " + resource + ": " + e);
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2] + " on "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String seconds(long startedNanos) {
        return Report.number("%.0f s", (System.nanoTime() - startedNanos) / 1e9);
    }

    private static void say(String line) {
        System.out.println("bench: " + line);
        System.out.flush();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
