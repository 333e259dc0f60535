package io.weighbridge.image;

/**
 * The distribution an image is built on, read from {@code os-release} in its bottom layers.
 *
 * @param distribution the {@code ID} of os-release ({@code alpine}, {@code debian}, {@code ubuntu},
 *     {@code rhel}…), {@code distroless}, {@code scratch} when the image carries no distribution,
 *     or {@code unknown} when it could not be told within the byte cap
 * @param version {@code VERSION_ID}, or {@code null}
 */
public record BaseImage(String distribution, String version) {
    public static final BaseImage SCRATCH = new BaseImage("scratch", null);
    public static final BaseImage UNKNOWN = new BaseImage("unknown", null);

    public boolean known() {
        return !UNKNOWN.distribution.equals(distribution);
    }

    @Override
    public String toString() {
        return version == null ? distribution : distribution + " " + version;
    }
}
