package io.weighbridge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of the packaged webhook under a cache-filling load, with the JVM settings the
 * Deployment ships (bench/memory; see bench/README.md).
 *
 * <p>Fills a fresh registry with many distinct images (distinct configs, shared layers) under many
 * tags, starts {@code target/quarkus-app} as a separate process with the Deployment's {@code
 * JAVA_TOOL_OPTIONS} under its memory and CPU limits (emulated with {@code -XX:MaxRAM} and {@code
 * -XX:ActiveProcessorCount}: what the JVM reads from the container's cgroup), admits Pods naming
 * every tag once, and samples the process's RSS, heap, threads and open files every second.
 * Memory is reported as a share of the limit; the idle process right after startup is the
 * baseline of the same run.
 */
public final class MemoryBenchMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIB = 1024 * 1024;
    private static final Path DEPLOYMENT = Path.of("deploy/base/deployment.yaml");
    private static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Path IMAGE_JAVA = Path.of("target/image/jre/bin/java");

    private MemoryBenchMain() {}

    /**
     * One webhook started against the filled registry.
     *
     * @param environment {@code JAVA_TOOL_OPTIONS} and {@code MALLOC_ARENA_MAX}, as the container gets them
     */
    record Run(String label, int cpus, Map<String, String> environment) {
        String jvmOptions() {
            return environment.getOrDefault("JAVA_TOOL_OPTIONS", "");
        }
    }

    /**
     * What to run. Options: {@code --images --distinct --repositories --per-review --concurrency
     * --limit --nmt}, and {@code --run 'LABEL|CPUS|JAVA_TOOL_OPTIONS[|MALLOC_ARENA_MAX]'} (repeatable) to compare
     * settings against the same filled registry; without {@code --run}, the Deployment's own.
     */
    record Settings(
            int images,
            int distinct,
            int repositories,
            int perReview,
            int concurrency,
            long limitBytes,
            boolean nmt,
            List<Run> runs) {

        /** The environment variables of the Deployment that shape the JVM's memory. */
        static final List<String> JVM_ENVIRONMENT = List.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX");

        static Settings parse(String[] args) throws IOException {
            Map<String, String> given = new LinkedHashMap<>();
            List<String> runs = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException(
                            "usage: [--images N] [--distinct N] [--repositories N] [--per-review N]"
                                    + " [--concurrency N] [--limit 512Mi] [--nmt true] [--run 'LABEL|CPUS|JAVA_TOOL_OPTIONS[|MALLOC_ARENA_MAX]']...");
                }
                String name = args[i].substring(2);
                String value = args[++i];
                if (name.equals("run")) {
                    runs.add(value);
                } else {
                    given.put(name, value);
                }
            }
            Container shipped = shippedContainer();
            Map<String, String> shippedEnvironment = new LinkedHashMap<>();
            for (EnvVar variable : shipped.getEnv()) {
                if (JVM_ENVIRONMENT.contains(variable.getName())) {
                    shippedEnvironment.put(variable.getName(), variable.getValue());
                }
            }
            Quantity memory = shipped.getResources().getLimits().get("memory");
            int shippedCpus = Math.max(1, (int) Math.ceil(
                    Quantity.getAmountInBytes(shipped.getResources().getLimits().get("cpu"))
                            .doubleValue()));
            List<Run> parsedRuns = new ArrayList<>();
            for (String run : runs) {
                String[] parts = run.split("\\|", 4);
                Map<String, String> environment = new LinkedHashMap<>();
                environment.put("JAVA_TOOL_OPTIONS", parts.length > 2 ? parts[2] : "");
                if (parts.length > 3) {
                    environment.put("MALLOC_ARENA_MAX", parts[3]);
                }
                parsedRuns.add(new Run(parts[0], Integer.parseInt(parts[1]), environment));
            }
            if (parsedRuns.isEmpty()) {
                parsedRuns.add(new Run("shipped", shippedCpus, shippedEnvironment));
            }
            return new Settings(
                    Integer.parseInt(given.getOrDefault("images", "100000")),
                    Integer.parseInt(given.getOrDefault("distinct", "20000")),
                    Integer.parseInt(given.getOrDefault("repositories", "100")),
                    Integer.parseInt(given.getOrDefault("per-review", "10")),
                    Integer.parseInt(given.getOrDefault("concurrency", "8")),
                    given.containsKey("limit")
                            ? Quantity.getAmountInBytes(new Quantity(given.get("limit")))
                                    .longValue()
                            : Quantity.getAmountInBytes(memory).longValue(),
                    Boolean.parseBoolean(given.getOrDefault("nmt", "false")),
                    List.copyOf(parsedRuns));
        }

        private static Container shippedContainer() throws IOException {
            try (InputStream in = Files.newInputStream(DEPLOYMENT)) {
                return Serialization.unmarshal(in, Deployment.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0);
            }
        }
    }

    /** Arguments, or (from bench/memory) the lines of {@code WEIGHBRIDGE_BENCH_ARGS}. */
    public static void main(String[] args) throws Exception {
        String fromEnvironment = System.getenv("WEIGHBRIDGE_BENCH_ARGS");
        if (args.length == 0 && fromEnvironment != null && !fromEnvironment.isBlank()) {
            args = fromEnvironment.lines().filter(line -> !line.isEmpty()).toArray(String[]::new);
        }
        Settings settings = Settings.parse(args);
        if (!Files.exists(APP)) {
            throw new IllegalStateException(APP + " is missing: run ./mvnw -q -DskipTests package first");
        }
        try (TestRegistry registry = TestRegistry.start()) {
            Instant filling = Instant.now();
            List<String> images = fill(registry, settings);
            System.out.printf(
                    "[memory] registry %s: %,d tags of %,d distinct images in %,d repositories, pushed in %d s%n",
                    registry.hostPort(),
                    images.size(),
                    settings.distinct(),
                    settings.repositories(),
                    Duration.between(filling, Instant.now()).toSeconds());
            List<String> reports = new ArrayList<>();
            for (Run run : settings.runs()) {
                try (Webhook webhook = Webhook.start(settings, run, registry.hostPort())) {
                    Sampler sampler = new Sampler(webhook);
                    Sample idle = sampler.sample("idle, started");
                    sampler.start();
                    Instant loading = Instant.now();
                    Load load = admit(webhook, images, settings);
                    Duration took = Duration.between(loading, Instant.now());
                    Thread.sleep(2_000);
                    sampler.stop();
                    Sample end = sampler.sample("end, caches full");
                    String report = report(settings, run, idle, sampler.peak(), end, load, took, images.size());
                    System.out.println(report);
                    reports.add(report);
                    if (settings.nmt()) {
                        System.out.println(webhook.nativeMemory());
                    }
                }
            }
            System.out.println();
            System.out.println("=".repeat(100));
            reports.forEach(System.out::println);
        }
    }

    /**
     * Pushes the shared layers once per repository, then per distinct image a config of its own
     * and its manifest under {@code images / distinct} tags.
     */
    static List<String> fill(TestRegistry registry, Settings settings) throws Exception {
        RegistryHttpApi api = registry.api();
        LayerTarball base = LayerTarball.pack(FixtureLayers.ALPINE_BASE);
        LayerTarball app = LayerTarball.pack(FixtureLayers.SMALL_APP);
        int tagsPerImage = Math.max(1, (int) Math.ceil((double) settings.images() / settings.distinct()));
        List<String> tags = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int r = 0; r < settings.repositories(); r++) {
                String repository = "bench/app-%03d".formatted(r);
                api.pushBlob(repository, base.gzip());
                api.pushBlob(repository, app.gzip());
                for (int d = r; d < settings.distinct(); d += settings.repositories()) {
                    int image = d;
                    work.add(CompletableFuture.runAsync(
                            () -> {
                                byte[] config = config(image, base, app);
                                String configDigest = api.pushBlob(repository, config);
                                byte[] manifest = manifest(config.length, configDigest, base, app);
                                for (int t = 0; t < tagsPerImage && tags.size() < settings.images(); t++) {
                                    String tag = "v%d-%d".formatted(image, t);
                                    api.pushManifest(repository, tag, MediaTypes.OCI_MANIFEST, manifest);
                                    tags.add(registry.hostPort() + "/" + repository + ":" + tag);
                                }
                            },
                            pool));
                }
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(1, TimeUnit.HOURS);
        } finally {
            pool.shutdownNow();
        }
        return List.copyOf(tags).subList(0, Math.min(tags.size(), settings.images()));
    }

    private static byte[] config(int image, LayerTarball base, LayerTarball app) {
        ObjectNode config = JSON.createObjectNode()
                .put("architecture", "amd64")
                .put("os", "linux")
                .put("created", "2024-09-06T12:00:00Z");
        config.putObject("config").putObject("Labels").put("bench.image", Integer.toString(image));
        ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
        rootfs.putArray("diff_ids").add(base.diffId()).add(app.diffId());
        ArrayNode history = config.putArray("history");
        history.addObject()
                .put("created", "2024-09-06T12:00:00Z")
                .put("created_by", "/bin/sh -c #(nop) ADD file:alpine in /");
        history.addObject()
                .put("created", "2024-09-06T12:00:00Z")
                .put("created_by", "COPY app/small.bin /app/ # image " + image);
        return bytes(config);
    }

    private static byte[] manifest(int configSize, String configDigest, LayerTarball base, LayerTarball app) {
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.putObject("config")
                .put("mediaType", MediaTypes.OCI_CONFIG)
                .put("size", configSize)
                .put("digest", configDigest);
        ArrayNode layers = manifest.putArray("layers");
        for (LayerTarball layer : List.of(base, app)) {
            layers.addObject()
                    .put("mediaType", MediaTypes.OCI_LAYER)
                    .put("size", layer.size())
                    .put("digest", layer.digest());
        }
        return bytes(manifest);
    }

    /** What the admissions answered. */
    record Load(int admissions, int failed, Map<String, Integer> verdicts) {}

    /** One Pod per {@code perReview} tags, {@code concurrency} at a time, until every tag was named once. */
    static Load admit(Webhook webhook, List<String> images, Settings settings) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore inFlight = new Semaphore(settings.concurrency());
        AtomicInteger failed = new AtomicInteger();
        Map<String, Integer> verdicts = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> answers = new ArrayList<>();
        int admissions = 0;
        for (int from = 0; from < images.size(); from += settings.perReview()) {
            List<String> pod = images.subList(from, Math.min(images.size(), from + settings.perReview()));
            inFlight.acquire();
            admissions++;
            HttpRequest request = HttpRequest.newBuilder(webhook.url("/validate"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(podReview(admissions, "bench", pod)))
                    .build();
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        inFlight.release();
                        if (error != null || response.statusCode() != 200) {
                            failed.incrementAndGet();
                        } else {
                            verdicts.merge(verdictOf(response.body()), 1, Integer::sum);
                        }
                    }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .get(1, TimeUnit.HOURS);
        return new Load(admissions, failed.get(), Map.copyOf(verdicts));
    }

    /** The AdmissionReview of a CREATE of Pod {@code pod-NUMBER} in {@code namespace}, one container per image. */
    static byte[] podReview(int number, String namespace, List<String> images) {
        ObjectNode review =
                JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request")
                .put("uid", "00000000-0000-4000-8000-%012d".formatted(number))
                .put("operation", "CREATE")
                .put("namespace", namespace)
                .put("name", "pod-" + number);
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        ObjectNode pod = request.putObject("object").put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", "pod-" + number).put("namespace", namespace);
        ArrayNode containers = pod.putObject("spec").putArray("containers");
        for (int i = 0; i < images.size(); i++) {
            containers.addObject().put("name", "c" + i).put("image", images.get(i));
        }
        return bytes(review);
    }

    private static String verdictOf(String body) {
        try {
            var response = JSON.readTree(body).path("response");
            if (!response.path("allowed").asBoolean()) {
                return "deny";
            }
            return response.path("warnings").isEmpty() ? "allow" : "warn";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static String report(
            Settings settings, Run run, Sample idle, Sample peak, Sample end, Load load, Duration took, int images) {
        double limitMib = (double) settings.limitBytes() / MIB;
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "%nWeighbridge memory under a cache-filling load (bench/memory), run \"%s\", %s%n",
                run.label(), Instant.now()));
        out.append(String.format(
                "JVM: %s under a %.0f MiB, %d CPU limit (emulated: -XX:MaxRAM=%dm -XX:ActiveProcessorCount=%d)%n",
                run.environment(), limitMib, run.cpus(), settings.limitBytes() / MIB, run.cpus()));
        out.append(String.format(
                "load: %,d admissions of %d images (%,d distinct tags, %,d distinct images), %d at a time, in %d s;"
                        + " %,d failed; verdicts %s%n",
                load.admissions(),
                settings.perReview(),
                images,
                settings.distinct(),
                settings.concurrency(),
                took.toSeconds(),
                load.failed(),
                load.verdicts()));
        out.append(String.format(
                "%-20s %9s %9s %10s %9s %9s %8s %8s %7s%n",
                "", "RSS MiB", "of limit", "heap used", "heap max", "non-heap", "direct", "threads", "files"));
        for (Sample sample : List.of(idle, peak, end)) {
            out.append(String.format(
                    "%-20s %9.0f %8.0f%% %10.0f %9.0f %9.0f %8.1f %8d %7d%n",
                    sample.label(),
                    sample.rss() / (double) MIB,
                    100.0 * sample.rss() / settings.limitBytes(),
                    sample.heapUsed() / (double) MIB,
                    sample.heapMax() / (double) MIB,
                    sample.nonHeap() / (double) MIB,
                    sample.direct() / (double) MIB,
                    sample.threads(),
                    sample.files()));
        }
        out.append(String.format(
                "peak RSS / idle RSS: %.2f; peak RSS leaves %.0f MiB (%.0f%%) of the limit%n",
                (double) peak.rss() / idle.rss(),
                limitMib - peak.rss() / (double) MIB,
                100.0 - 100.0 * peak.rss() / settings.limitBytes()));
        out.append(String.format("caches at the end: %s", end.caches()));
        return out.toString();
    }

    /** One reading of the process. */
    record Sample(
            String label,
            long rss,
            long heapUsed,
            long heapMax,
            long nonHeap,
            long direct,
            int threads,
            int files,
            Map<String, Long> caches) {}

    /** Reads the webhook's RSS, threads and open files from /proc, its JVM memory from /q/metrics. */
    static final class Sampler {
        private static final Pattern METRIC = Pattern.compile("^(\\w+)\\{([^}]*)\\} ([-0-9.eE+]+)$");

        private final Webhook webhook;
        private final List<Sample> samples = new CopyOnWriteArrayList<>();
        private final HttpClient client = HttpClient.newHttpClient();
        private Thread thread;
        private volatile boolean running;

        Sampler(Webhook webhook) {
            this.webhook = webhook;
        }

        void start() {
            running = true;
            thread = new Thread(
                    () -> {
                        while (running) {
                            try {
                                samples.add(sample("peak under load"));
                                Thread.sleep(1_000);
                            } catch (InterruptedException e) {
                                return;
                            } catch (Exception e) {
                                System.err.println("[memory] sample failed: " + e);
                            }
                        }
                    },
                    "memory-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(5_000);
        }

        Sample peak() {
            return samples.stream()
                    .max(java.util.Comparator.comparingLong(Sample::rss))
                    .orElseThrow();
        }

        Sample sample(String label) throws Exception {
            Map<String, String> status = new LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of("/proc/" + webhook.pid() + "/status"))) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    status.put(
                            line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
            long rss = Long.parseLong(status.get("VmRSS").replace(" kB", "")) * 1024;
            int threads = Integer.parseInt(status.get("Threads"));
            int files;
            try (var fds = Files.list(Path.of("/proc/" + webhook.pid() + "/fd"))) {
                files = (int) fds.count();
            }
            String metrics = client.send(
                            HttpRequest.newBuilder(webhook.managementUrl("/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            long heapUsed = 0;
            long heapMax = 0;
            long nonHeap = 0;
            long direct = 0;
            Map<String, Long> caches = new LinkedHashMap<>();
            for (String line : metrics.lines().toList()) {
                Matcher m = METRIC.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                long value = (long) Double.parseDouble(m.group(3));
                String labels = m.group(2);
                switch (m.group(1)) {
                    case "jvm_memory_used_bytes" -> {
                        if (labels.contains("area=\"heap\"")) {
                            heapUsed += value;
                        } else {
                            nonHeap += value;
                        }
                    }
                    case "jvm_memory_max_bytes" -> heapMax += labels.contains("area=\"heap\"") && value > 0 ? value : 0;
                    case "jvm_buffer_memory_used_bytes" -> direct += labels.contains("id=\"direct\"") ? value : 0;
                    case "weighbridge_cache_size" ->
                        caches.put(labels.replaceAll(".*cache=\"([^\"]*)\".*", "$1"), value);
                    default -> {}
                }
            }
            return new Sample(label, rss, heapUsed, heapMax, nonHeap, direct, threads, files, caches);
        }
    }

    /** {@code target/quarkus-app} in a process of its own, as the Deployment starts it. */
    static final class Webhook implements AutoCloseable {
        private final Process process;
        private final int port;
        private final int managementPort;
        private final Path log;

        private Webhook(Process process, int port, int managementPort, Path log) {
            this.process = process;
            this.port = port;
            this.managementPort = managementPort;
            this.log = log;
        }

        static Webhook start(Settings settings, Run run, String registry) throws Exception {
            return start(settings, run, registry, List.of());
        }

        /** @param options system properties after the defaults, which they override ({@code -Dweighbridge.policy.path=…}) */
        static Webhook start(Settings settings, Run run, String registry, List<String> options) throws Exception {
            int port = freePort();
            int management = freePort();
            String java = Files.isExecutable(IMAGE_JAVA) ? IMAGE_JAVA.toString() : "java";
            List<String> command = new ArrayList<>(List.of(
                    java, "-XX:MaxRAM=" + settings.limitBytes() / MIB + "m", "-XX:ActiveProcessorCount=" + run.cpus()));
            if (settings.nmt()) {
                command.add("-XX:NativeMemoryTracking=summary");
            }
            command.addAll(List.of(
                    "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.management.host=127.0.0.1",
                    "-Dquarkus.management.port=" + management,
                    "-Dweighbridge.policy.path=src/test/resources/e2e/policies",
                    "-Dweighbridge.registry.plain-http=" + registry,
                    "-Dweighbridge.registry.allowed-networks=127.0.0.0/8",
                    "-Dweighbridge.audit.enabled=false"));
            command.addAll(options);
            command.addAll(List.of("-jar", APP.toString()));
            Path log = Files.createDirectories(Path.of("target/bench"))
                    .resolve("memory-webhook-" + run.label().replaceAll("\\W+", "-") + ".log");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().putAll(run.environment());
            Webhook webhook = new Webhook(builder.start(), port, management, log);
            System.out.printf(
                    "[memory] %s: %s %s (pid %d), log in %s%n",
                    run.label(), run.environment(), String.join(" ", command), webhook.pid(), log);
            webhook.awaitReady();
            return webhook;
        }

        long pid() {
            return process.pid();
        }

        URI url(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        URI managementUrl(String path) {
            return URI.create("http://127.0.0.1:" + managementPort + path);
        }

        String nativeMemory() throws Exception {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid()), "VM.native_memory", "summary")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return out;
        }

        private void awaitReady() throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            Instant until = Instant.now().plusSeconds(120);
            while (Instant.now().isBefore(until)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the webhook exited: see " + log);
                }
                try {
                    if (client.send(
                                            HttpRequest.newBuilder(managementUrl("/q/health/ready"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("the webhook was not ready within 120 s: see " + log);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
