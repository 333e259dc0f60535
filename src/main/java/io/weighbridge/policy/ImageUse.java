package io.weighbridge.policy;

/**
 * One image an object uses.
 *
 * @param image the image string as written in the object
 * @param container the container that uses it, for messages ({@code null} outside an object)
 * @param preexisting the image was already in the object before this UPDATE: it may be warned
 *     about but never denied, so workloads that predate a policy can still scale and roll back
 */
public record ImageUse(String image, String container, boolean preexisting) {
    public static ImageUse of(String image) {
        return new ImageUse(image, null, false);
    }
}
