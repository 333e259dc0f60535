package io.weighbridge.testing;

import static io.weighbridge.testing.FixturePlatform.LINUX_AMD64;
import static io.weighbridge.testing.FixturePlatform.LINUX_ARM64;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weighbridge.testing.RawImagePusher.BuildStep;
import io.weighbridge.testing.RawImagePusher.PlatformManifest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The registry of {@code bench/peers/run}: Debian's {@code docker-registry} on 127.0.0.1 with its
 * access log on, holding
 * <ul>
 *   <li>the images the benchmark's reviews name, all on one Alpine base layer: one to 100 layers,
 *       and a multi-arch Docker manifest list ({@link #reviewImages()});</li>
 *   <li>fresh images, never weighed before, each the Alpine base layer and a layer of its own,
 *       for cold admissions and the herd ({@link #freshImage(int)});</li>
 *   <li>a mass of distinct images (each its own config, so its own digest) over the Alpine base
 *       and one shared layer, for the heap figure ({@link #massImage(int)}).</li>
 * </ul>
 * Registry requests are counted in its access log: {@link #logMark()}, then {@link #requestsSince(long)}.
 */
public final class BenchRegistry implements AutoCloseable {
    public static final String FRESH_REPOSITORY = "fresh/app";
    public static final String MASS_REPOSITORY = "mass/app";
    /** The manifest and blob requests of one new image on a known base, by the protocol: HEAD tag, GET manifest, GET config. */
    public static final int PROTOCOL_MINIMUM_REQUESTS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCESS_LINE = Pattern.compile("\"([A-Z]+) (\\S+) HTTP/[0-9.]+\" (\\d{3})");
    private static final String ALPINE_ADD =
            "/bin/sh -c #(nop) ADD file:5b1e63a3cb041177b802b501dedcd71a86f1773ea0f69f048f2eb3901097711d in / ";
    private static final int MASS_PUSHES_AT_ONCE = 16;

    private final TestRegistry registry;
    private final RawImagePusher raw = new RawImagePusher();
    private final Map<String, String> reviewImages = new LinkedHashMap<>();
    private final LayerTarball alpine = LayerTarball.pack(FixtureLayers.ALPINE_BASE);
    private int freshImages;
    private int massImages;

    private BenchRegistry(TestRegistry registry) {
        this.registry = registry;
    }

    /** Starts the registry and pushes everything; {@code massImages} may be 0. */
    public static BenchRegistry start(int freshImages, int massImages) {
        BenchRegistry bench = new BenchRegistry(TestRegistry.startWithAccessLog());
        try {
            bench.pushReviewImages();
            bench.pushFreshImages(freshImages);
            long started = System.nanoTime();
            bench.pushMassImages(massImages);
            System.out.printf(
                    "bench: %,d distinct images pushed in %.0f s%n", massImages, (System.nanoTime() - started) / 1e9);
            return bench;
        } catch (RuntimeException e) {
            bench.close();
            throw e;
        }
    }

    public String hostPort() {
        return registry.hostPort();
    }

    /** Placeholder (as the review templates write it, e.g. {@code web}) → reference. */
    public Map<String, String> reviewImages() {
        return Map.copyOf(reviewImages);
    }

    public int freshImages() {
        return freshImages;
    }

    /** The {@code i}-th fresh image (from 0): the Alpine base layer and a 4 KiB layer of its own. */
    public String freshImage(int i) {
        return hostPort() + "/" + FRESH_REPOSITORY + ":" + freshTag(i);
    }

    public int massImages() {
        return massImages;
    }

    /** The {@code i}-th image of the mass (from 0): two shared layers, a config of its own. */
    public String massImage(int i) {
        return hostPort() + "/" + MASS_REPOSITORY + ":" + massTag(i);
    }

    /** Where the access log stands now. */
    public long logMark() {
        awaitQuietLog();
        return registry.logFile().toFile().length();
    }

    /**
     * {@code METHOD path} of every request the registry answered since {@code mark}, once its log
     * has been quiet for a moment (a line is written after the answer).
     */
    public List<String> requestsSince(long mark) {
        awaitQuietLog();
        List<String> requests = new ArrayList<>();
        try (RandomAccessFile log = new RandomAccessFile(registry.logFile().toFile(), "r")) {
            log.seek(mark);
            byte[] rest = new byte[(int) (log.length() - mark)];
            log.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = ACCESS_LINE.matcher(line);
                if (m.find()) {
                    requests.add(m.group(1) + " " + m.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return requests;
    }

    @Override
    public void close() {
        registry.close();
    }

    private void awaitQuietLog() {
        long size = -1;
        while (true) {
            long now = registry.logFile().toFile().length();
            if (now == size) {
                return;
            }
            size = now;
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void pushReviewImages() {
        image("init", "bench/init", 0, 1);
        image("api", "bench/api", 2, 100);
        image("web", "bench/web", 9, 200);
        image("report", "bench/report", 44, 300);
        image("agent", "bench/agent", 99, 400);
        List<PlatformManifest> platforms = List.of(
                new PlatformManifest(platformImage("bench/sidecar", "1.0-amd64", LINUX_AMD64, 500), LINUX_AMD64),
                new PlatformManifest(platformImage("bench/sidecar", "1.0-arm64", LINUX_ARM64, 600), LINUX_ARM64));
        raw.pushIndex(registry, "bench/sidecar", "1.0", ManifestFormat.DOCKER, platforms);
        reviewImages.put("sidecar", hostPort() + "/bench/sidecar:1.0");
    }

    /** {@code layersOverBase} tiny layers over the Alpine base, pushed as {@code repository:1.0}. */
    private void image(String placeholder, String repository, int layersOverBase, long seed) {
        raw.pushImage(registry, repository, "1.0", ManifestFormat.DOCKER, LINUX_AMD64, steps(layersOverBase, seed, 64));
        reviewImages.put(placeholder, hostPort() + "/" + repository + ":1.0");
    }

    private RegistryHttpApi.FetchedManifest platformImage(
            String repository, String tag, FixturePlatform platform, long seed) {
        String digest = raw.pushImage(registry, repository, tag, ManifestFormat.DOCKER, platform, steps(1, seed, 2048));
        return registry.api().manifest(repository, digest);
    }

    private static List<BuildStep> steps(int layersOverBase, long seed, int layerBytes) {
        List<BuildStep> steps = new ArrayList<>();
        steps.add(BuildStep.layer(ALPINE_ADD, FixtureLayers.ALPINE_BASE));
        steps.add(BuildStep.configOnly("/bin/sh -c #(nop)  CMD [\"/bin/sh\"]"));
        for (int i = 1; i <= layersOverBase; i++) {
            String path = "app/part-%03d.bin".formatted(i);
            steps.add(BuildStep.layer(
                    "COPY " + path + " /" + path + " # buildkit",
                    LayerContent.named("part-" + seed + "-" + i)
                            .randomFile(path, seed * 1000 + i, layerBytes)
                            .build()));
        }
        return steps;
    }

    private void pushFreshImages(int count) {
        IntStream.range(0, count)
                .parallel()
                .forEach(i -> raw.pushImage(
                        registry, FRESH_REPOSITORY, freshTag(i), ManifestFormat.DOCKER, LINUX_AMD64, freshSteps(i)));
        freshImages = count;
    }

    private static List<BuildStep> freshSteps(int i) {
        return List.of(
                BuildStep.layer(ALPINE_ADD, FixtureLayers.ALPINE_BASE),
                BuildStep.configOnly("/bin/sh -c #(nop)  CMD [\"/bin/sh\"]"),
                BuildStep.layer(
                        "COPY app.bin /app/app.bin # buildkit",
                        LayerContent.named("fresh-" + i)
                                .randomFile("app/app.bin", 1_000_000L + i, 4096)
                                .build()));
    }

    /**
     * Pushed straight through the HTTP API, three requests an image (start the config's upload,
     * finish it, put the manifest), many at once: 100,000 images take minutes, not hours.
     */
    private void pushMassImages(int count) {
        if (count == 0) {
            return;
        }
        LayerTarball shared = LayerTarball.pack(LayerContent.named("mass-shared")
                .randomFile("app/app.bin", 77, 4096)
                .build());
        RegistryHttpApi api = registry.api();
        api.pushBlob(MASS_REPOSITORY, alpine.gzip());
        api.pushBlob(MASS_REPOSITORY, shared.gzip());
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Semaphore slots = new Semaphore(MASS_PUSHES_AT_ONCE);
        List<CompletableFuture<Void>> pushes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.acquireUninterruptibly();
            CompletableFuture<Void> push =
                    pushMassImage(client, i, shared).whenComplete((ok, failure) -> slots.release());
            pushes.add(push);
        }
        CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new)).join();
        massImages = count;
    }

    private CompletableFuture<Void> pushMassImage(HttpClient client, int i, LayerTarball shared) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("created", "2024-09-06T12:00:00Z");
        config.put("config", Map.of("Labels", Map.of("io.weighbridge.bench.image", String.valueOf(i))));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(alpine.diffId(), shared.diffId())));
        config.put(
                "history",
                List.of(
                        Map.of("created", "2024-09-06T12:00:00Z", "created_by", ALPINE_ADD),
                        Map.of(
                                "created",
                                "2024-09-06T12:00:00Z",
                                "created_by",
                                "COPY app.bin /app/app.bin # buildkit")));
        byte[] configBytes = RawImagePusher.json(config);
        String configDigest = Digests.sha256(configBytes);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.DOCKER_MANIFEST);
        manifest.put("config", RawImagePusher.descriptor(MediaTypes.DOCKER_CONFIG, configBytes.length, configDigest));
        manifest.put(
                "layers",
                List.of(
                        RawImagePusher.descriptor(MediaTypes.DOCKER_LAYER, alpine.size(), alpine.digest()),
                        RawImagePusher.descriptor(MediaTypes.DOCKER_LAYER, shared.size(), shared.digest())));
        byte[] manifestBytes = RawImagePusher.json(manifest);
        URI base = URI.create("http://" + hostPort() + "/v2/" + MASS_REPOSITORY + "/");
        return client.sendAsync(
                        HttpRequest.newBuilder(base.resolve("blobs/uploads/"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .thenCompose(started -> {
                    String location = expect(started, 202, "start upload")
                            .headers()
                            .firstValue("Location")
                            .orElseThrow();
                    URI finish =
                            base.resolve(location + (location.contains("?") ? "&" : "?") + "digest=" + configDigest);
                    return client.sendAsync(
                            HttpRequest.newBuilder(finish)
                                    .header("Content-Type", "application/octet-stream")
                                    .PUT(HttpRequest.BodyPublishers.ofByteArray(configBytes))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                })
                .thenCompose(uploaded -> {
                    expect(uploaded, 201, "finish upload");
                    return client.sendAsync(
                            HttpRequest.newBuilder(base.resolve("manifests/" + massTag(i)))
                                    .header("Content-Type", MediaTypes.DOCKER_MANIFEST)
                                    .PUT(HttpRequest.BodyPublishers.ofByteArray(manifestBytes))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                })
                .thenAccept(put -> expect(put, 201, "put manifest " + massTag(i)));
    }

    private static <T> HttpResponse<T> expect(HttpResponse<T> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " from " + response.uri());
        }
        return response;
    }

    private static String freshTag(int i) {
        return "f%06d".formatted(i);
    }

    private static String massTag(int i) {
        return "m%06d".formatted(i);
    }
}
