package io.weighbridge.image;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The base an image's config names, read before any layer byte: the label
 * {@code org.opencontainers.image.base.name} ({@code docker.io/library/alpine:3.20}), else the
 * history line that made the bottom layer when it names the base (Alpine's
 * {@code ADD alpine-minirootfs-3.20.3-x86_64.tar.gz /}, Debian's
 * {@code # debian.sh --arch 'amd64' out/ 'bookworm' '@1720396800'}). A line such as
 * {@code ADD file:5b1e… in /} names no base and is no hint.
 *
 * <p>What is trusted: a hint is the image's own statement about itself, as the {@code os-release}
 * in its layers is (its author wrote both), so it decides that image's base and no other. It is
 * never remembered for the image's layers ({@link LayerMarkers} holds only what layer bytes said),
 * so a config cannot change what another image on the same layers is judged by. Only names of the
 * distributions below are hints, and the version only when it is digits and dots; anything else
 * is no hint, and the layers decide.
 */
final class BaseHint {
    static final String BASE_NAME_LABEL = "org.opencontainers.image.base.name";
    /** Longer label values are no reference a registry serves, and are ignored. */
    static final int MAX_LABEL_LENGTH = 255;

    /** Repository names (the last path segment) of the official images of each distribution, as os-release's ID says it. */
    private static final Map<String, String> DISTRIBUTIONS = Map.ofEntries(
            Map.entry("alpine", "alpine"),
            Map.entry("debian", "debian"),
            Map.entry("ubuntu", "ubuntu"),
            Map.entry("fedora", "fedora"),
            Map.entry("centos", "centos"),
            Map.entry("rockylinux", "rocky"),
            Map.entry("almalinux", "almalinux"),
            Map.entry("amazonlinux", "amzn"),
            Map.entry("oraclelinux", "ol"),
            Map.entry("photon", "photon"),
            Map.entry("wolfi-base", "wolfi"));
    /** Red Hat's Universal Base Images say {@code ID=rhel}: {@code ubi9}, {@code ubi9/ubi-minimal}, {@code ubi8-micro}. */
    private static final Pattern UBI = Pattern.compile("ubi\\d*(?:-(?:minimal|micro|init))?");

    private static final Pattern REFERENCE_CHARACTERS = Pattern.compile("[a-z0-9._/:@-]+");
    private static final Pattern VERSION = Pattern.compile("(\\d+(?:\\.\\d+)*)(?:[-_].*)?");
    private static final Pattern ALPINE_ROOTFS =
            Pattern.compile("^ADD alpine-minirootfs-(\\d+(?:\\.\\d+)*)-[A-Za-z0-9_]+\\.tar\\.gz /$");
    private static final Pattern DEBIAN_SH =
            Pattern.compile("^# debian\\.sh --arch '[a-z0-9]+' out/ '([a-z]+)' '@\\d+'$");
    private static final Map<String, String> DEBIAN_RELEASES =
            Map.of("buster", "10", "bullseye", "11", "bookworm", "12", "trixie", "13", "forky", "14");

    private BaseHint() {}

    /**
     * The base the config names, or empty when it names none this class knows.
     *
     * @param baseNameLabel the config's {@value #BASE_NAME_LABEL} label, or {@code null}
     * @param bottomLayerCreatedBy the readable history line of the bottom layer ({@link LayerHistory}), or {@code null}
     */
    static Optional<BaseImage> of(String baseNameLabel, String bottomLayerCreatedBy) {
        Optional<BaseImage> labelled = fromBaseName(baseNameLabel);
        return labelled.isPresent() ? labelled : fromHistory(bottomLayerCreatedBy);
    }

    static Optional<BaseImage> of(ImageConfig config, List<Layer> layers) {
        return of(
                config.baseName().orElse(null),
                layers.isEmpty() ? null : layers.get(0).createdBy());
    }

    static Optional<BaseImage> fromBaseName(String reference) {
        if (reference == null || reference.isBlank() || reference.length() > MAX_LABEL_LENGTH) {
            return Optional.empty();
        }
        String name = reference.strip().toLowerCase(Locale.ROOT);
        if (!REFERENCE_CHARACTERS.matcher(name).matches()) {
            return Optional.empty();
        }
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        String tag = null;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        List<String> path = List.of(name.split("/"));
        String repository = path.get(path.size() - 1);
        String distribution;
        if (path.contains("distroless")) {
            distribution = "distroless";
        } else if (UBI.matcher(repository).matches() || path.stream().anyMatch(s -> s.matches("ubi\\d+"))) {
            distribution = "rhel";
        } else {
            distribution = DISTRIBUTIONS.get(repository);
        }
        if (distribution == null) {
            return Optional.empty();
        }
        String version = null;
        if (tag != null && !distribution.equals("distroless")) {
            Matcher m = VERSION.matcher(tag);
            version = m.matches() ? m.group(1) : null;
        }
        return Optional.of(new BaseImage(distribution, version));
    }

    static Optional<BaseImage> fromHistory(String createdBy) {
        if (createdBy == null) {
            return Optional.empty();
        }
        Matcher alpine = ALPINE_ROOTFS.matcher(createdBy);
        if (alpine.matches()) {
            return Optional.of(new BaseImage("alpine", alpine.group(1)));
        }
        Matcher debian = DEBIAN_SH.matcher(createdBy);
        if (debian.matches()) {
            return Optional.of(new BaseImage("debian", DEBIAN_RELEASES.get(debian.group(1))));
        }
        return Optional.empty();
    }
}
