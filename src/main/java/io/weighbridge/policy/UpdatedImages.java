package io.weighbridge.policy;

import io.weighbridge.workload.ContainerImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The images of an object as the engine judges them, against those of the object it replaces. */
public final class UpdatedImages {
    private UpdatedImages() {}

    /**
     * @param images the object's container images
     * @param before the images of the object before the change (the old object of an UPDATE, a
     *     baseline manifest of {@code check}); empty for a CREATE
     * @return one use per image: an image already in {@code before} is preexisting (never denied),
     *     and an image that takes the place of another in the same container replaces it, so that
     *     {@code maxGrowth} rules judge its growth
     */
    public static List<ImageUse> uses(List<ContainerImage> images, List<ContainerImage> before) {
        Set<String> imagesBefore = before.stream().map(ContainerImage::image).collect(Collectors.toUnmodifiableSet());
        Map<String, String> byContainer = new HashMap<>();
        before.forEach(c -> byContainer.putIfAbsent(c.container(), c.image()));
        return images.stream()
                .map(c -> {
                    ImageUse use = new ImageUse(c.image(), c.container(), imagesBefore.contains(c.image()));
                    String replaced = byContainer.get(c.container());
                    return replaced == null || replaced.equals(c.image()) ? use : use.replacing(replaced);
                })
                .toList();
    }
}
