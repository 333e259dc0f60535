package io.weighbridge.policy;

import io.weighbridge.workload.WorkloadRead;

/**
 * One image an object uses.
 *
 * @param image the image string as written in the object
 * @param container the container that uses it, for messages ({@code null} outside an object)
 * @param preexisting the image was already in the object before this UPDATE: it may be warned
 *     about but never denied, so workloads that predate a policy can still scale and roll back
 * @param unknownBecause why the image cannot be known before it is used (a build base named by a
 *     build argument whose value comes from elsewhere), or {@code null}: such an image is not
 *     weighed, and each policy's {@code onRegistryError} decides, with this as the reason
 * @param replaces the image the same container ran before this UPDATE (or the baseline of a
 *     {@code check}), when it was another one: {@code maxGrowth} rules judge the growth over it;
 *     {@code null} for a new container or an unchanged image
 */
public record ImageUse(String image, String container, boolean preexisting, String unknownBecause, String replaces) {
    public ImageUse(String image, String container, boolean preexisting, String unknownBecause) {
        this(image, container, preexisting, unknownBecause, null);
    }

    public ImageUse(String image, String container, boolean preexisting) {
        this(image, container, preexisting, null, null);
    }

    public static ImageUse of(String image) {
        return new ImageUse(image, null, false);
    }

    /** The same use, judged for its growth over {@code replaced} ({@code null}: no growth to judge). */
    public ImageUse replacing(String replaced) {
        return new ImageUse(image, container, preexisting, unknownBecause, replaced);
    }

    /**
     * Stands for the images of an object of a judged kind that cannot be read: like an image that
     * cannot be weighed, each policy's {@code onRegistryError} decides, and the message says why.
     */
    public static ImageUse unreadable(WorkloadRead.Unreadable object) {
        return new ImageUse("the images of " + object.identity().describe(), null, false, object.sentence());
    }
}
