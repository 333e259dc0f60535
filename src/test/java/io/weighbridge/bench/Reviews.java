package io.weighbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The AdmissionReviews of the benchmark, from the templates in {@code bench/peers/reviews}
 * ({@code {{web}}} and the like name the bench registry's images): a Pod a ReplicaSet created
 * (three containers and an init container), a Deployment, a CronJob.
 */
final class Reviews {
    static final List<String> KINDS = List.of("pod", "deployment", "cronjob");

    private final Path templates;
    private final Path work;
    private final Map<String, String> images;

    Reviews(Path templates, Path work, Map<String, String> images) {
        this.templates = templates;
        this.work = work;
        this.images = images;
    }

    /** The review of {@code kind} with the bench images. */
    String json(String kind) {
        return withImages(kind, images);
    }

    /** The review written to a file, for wrk and hey. */
    Path file(String kind) {
        Path file = work.resolve(kind + "-review.json");
        try {
            return Files.writeString(file, json(kind), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Pod review with its main container running {@code image}: a rollout of a new image beside known ones. */
    String podRunning(String image) {
        Map<String, String> chosen = new java.util.HashMap<>(images);
        chosen.put("web", image);
        return withImages("pod", chosen);
    }

    /** A bare Pod review with one container per image. */
    static String podOf(List<String> images, String uid) {
        String containers = IntStream.range(0, images.size())
                .mapToObj(i -> "{\"name\":\"c" + i + "\",\"image\":\"" + images.get(i) + "\"}")
                .collect(Collectors.joining(","));
        return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"" + uid
                + "\","
                + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"namespace\":\"shop\",\"operation\":\"CREATE\","
                + "\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"mass-" + uid
                + "\",\"namespace\":\"shop\"},"
                + "\"spec\":{\"containers\":[" + containers + "]}}}}";
    }

    private String withImages(String kind, Map<String, String> chosen) {
        String text;
        try {
            text = Files.readString(templates.resolve(kind + ".json"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> image : chosen.entrySet()) {
            text = text.replace("{{" + image.getKey() + "}}", image.getValue());
        }
        if (text.contains("{{")) {
            throw new IllegalStateException(kind + ".json names an image the bench registry lacks: "
                    + text.substring(text.indexOf("{{"), text.indexOf("}}") + 2));
        }
        return text;
    }
}
