package io.weighbridge.policy;

import java.util.List;
import java.util.stream.Stream;

/**
 * The verdict over every image of one object (or one dry run), the reasons per image, and the
 * findings of its Dockerfile when it has one (a BuildConfig's, or one checked on the command line).
 */
public record Evaluation(Action verdict, List<ImageVerdict> images, List<Finding> dockerfileFindings) {
    public Evaluation {
        images = List.copyOf(images);
        dockerfileFindings = List.copyOf(dockerfileFindings);
    }

    public Evaluation(Action verdict, List<ImageVerdict> images) {
        this(verdict, images, List.of());
    }

    public Stream<Finding> findings() {
        return Stream.concat(images.stream().flatMap(image -> image.findings().stream()), dockerfileFindings.stream());
    }

    public List<Finding> findingsWith(Action action) {
        return findings().filter(f -> f.action() == action).toList();
    }
}
