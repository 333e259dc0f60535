package io.weighbridge.bench;

import io.weighbridge.testing.BenchRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * New images on a known base: admitted one at a time (timed at the client, counted at the
 * registry), the same protocol's three round trips timed by a plain client, and a herd of
 * concurrent admissions of one new image.
 */
final class ColdPath {
    private static final Pattern CONFIG_DIGEST =
            Pattern.compile("\"config\"\\s*:\\s*\\{[^}]*\"digest\"\\s*:\\s*\"([^\"]+)\"");
    private static final String ACCEPT = String.join(
            ",",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");

    private final BenchRegistry registry;
    private final BenchHttp http;
    private final Reviews reviews;

    ColdPath(BenchRegistry registry, BenchHttp http, Reviews reviews) {
        this.registry = registry;
        this.http = http;
        this.reviews = reviews;
    }

    /** Median of admissions of fresh images {@code from … from+count-1}, one at a time, and what each cost at the registry. */
    record Admissions(double medianMillis, double requestsPerImage, Map<String, Double> requestKindsPerImage) {}

    Admissions admitOneByOne(String validateUrl, int from, int count) {
        long mark = registry.logMark();
        List<Double> millis = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String review = reviews.podRunning(registry.freshImage(i));
            long started = System.nanoTime();
            String answer = http.post(validateUrl, review);
            millis.add((System.nanoTime() - started) / 1e6);
            if (!answer.contains("\"allowed\":true")) {
                throw new IllegalStateException("a new image on the known base was not allowed: " + answer);
            }
        }
        List<String> requests = freshRequests(registry.requestsSince(mark));
        Map<String, Double> kinds = new TreeMap<>();
        for (String request : requests) {
            kinds.merge(kindOf(request), 1.0 / count, Double::sum);
        }
        return new Admissions(Load.median(millis), requests.size() / (double) count, kinds);
    }

    /**
     * Median of HEAD tag + GET manifest + GET config by a plain HTTP/1.1 client (kept-alive
     * connection), on other fresh images, after {@code warmUps} unmeasured ones from {@code warmUpFrom}.
     */
    double plainRoundTrips(int from, int count, int warmUpFrom, int warmUps) {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://" + registry.hostPort() + "/v2/" + BenchRegistry.FRESH_REPOSITORY + "/";
        send(
                client,
                HttpRequest.newBuilder(URI.create("http://" + registry.hostPort() + "/v2/"))
                        .GET()); // opens the connection
        for (int i = warmUpFrom; i < warmUpFrom + warmUps; i++) {
            threeRoundTrips(client, base, i);
        }
        List<Double> millis = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            long started = System.nanoTime();
            threeRoundTrips(client, base, i);
            millis.add((System.nanoTime() - started) / 1e6);
        }
        return Load.median(millis);
    }

    private void threeRoundTrips(HttpClient client, String base, int image) {
        String tag =
                registry.freshImage(image).substring(registry.freshImage(image).lastIndexOf(':') + 1);
        HttpResponse<String> head = send(
                client,
                HttpRequest.newBuilder(URI.create(base + "manifests/" + tag))
                        .header("Accept", ACCEPT)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        String digest = head.headers().firstValue("Docker-Content-Digest").orElseThrow();
        String manifest = send(
                        client,
                        HttpRequest.newBuilder(URI.create(base + "manifests/" + digest))
                                .header("Accept", ACCEPT)
                                .GET())
                .body();
        Matcher config = CONFIG_DIGEST.matcher(manifest);
        if (!config.find()) {
            throw new IllegalStateException("no config in " + manifest);
        }
        send(
                client,
                HttpRequest.newBuilder(URI.create(base + "blobs/" + config.group(1)))
                        .GET());
    }

    /** What a herd of concurrent admissions of one new image cost at the registry. */
    record Herd(int admissions, long manifestGets, long manifestHeads, long blobGets, double slowestMillis) {}

    Herd herd(String validateUrl, int image, int admissions) {
        String review = reviews.podRunning(registry.freshImage(image));
        HttpClient client = http.client();
        long mark = registry.logMark();
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < admissions; i++) {
            answers.add(client.sendAsync(
                    HttpRequest.newBuilder(URI.create(validateUrl))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(review))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.join();
            if (response.statusCode() != 200 || !response.body().contains("\"allowed\":true")) {
                throw new IllegalStateException(
                        "herd admission failed: " + response.statusCode() + " " + response.body());
            }
        }
        double slowest = (System.nanoTime() - started) / 1e6;
        List<String> requests = freshRequests(registry.requestsSince(mark));
        return new Herd(
                admissions,
                requests.stream()
                        .filter(r -> r.startsWith("GET") && r.contains("/manifests/"))
                        .count(),
                requests.stream()
                        .filter(r -> r.startsWith("HEAD") && r.contains("/manifests/"))
                        .count(),
                requests.stream()
                        .filter(r -> r.startsWith("GET") && r.contains("/blobs/"))
                        .count(),
                slowest);
    }

    private static List<String> freshRequests(List<String> requests) {
        return requests.stream()
                .filter(r -> r.contains("/v2/" + BenchRegistry.FRESH_REPOSITORY + "/"))
                .toList();
    }

    private static String kindOf(String request) {
        String method = request.substring(0, request.indexOf(' '));
        if (request.contains("/manifests/sha256:")) {
            return method + " manifest by digest";
        }
        if (request.contains("/manifests/")) {
            return method + " manifest by tag";
        }
        return request.contains("/blobs/") ? method + " blob" : method + " other";
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.request().uri() + ": HTTP " + response.statusCode());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
