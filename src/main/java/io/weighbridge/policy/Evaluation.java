package io.weighbridge.policy;

import java.util.List;
import java.util.stream.Stream;

/** The verdict over every image of one object (or one dry run), and the reasons per image. */
public record Evaluation(Action verdict, List<ImageVerdict> images) {
    public Evaluation {
        images = List.copyOf(images);
    }

    public Stream<Finding> findings() {
        return images.stream().flatMap(image -> image.findings().stream());
    }

    public List<Finding> findingsWith(Action action) {
        return findings().filter(f -> f.action() == action).toList();
    }
}
