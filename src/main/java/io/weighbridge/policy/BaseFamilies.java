package io.weighbridge.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The distribution ids a {@code preferredBases} entry may name, and which detected
 * distributions ({@code ID} of os-release) each one accepts.
 */
final class BaseFamilies {
    /** UBI images say {@code ID=rhel} in os-release: preferring {@code ubi} accepts the RHEL family. */
    private static final Map<String, Set<String>> ALIASES = Map.of("ubi", Set.of("ubi", "rhel"));

    static final List<String> KNOWN = List.of(
            "alpine",
            "distroless",
            "scratch",
            "wolfi",
            "chainguard",
            "busybox",
            "debian",
            "ubuntu",
            "ubi",
            "rhel",
            "centos",
            "fedora",
            "rocky",
            "almalinux",
            "amzn",
            "ol",
            "opensuse-leap",
            "sles",
            "photon");

    private BaseFamilies() {}

    /** A bare word names a distribution; anything with {@code / : @ .} names an image. */
    static boolean isDistributionId(String entry) {
        return entry.chars().noneMatch(c -> c == '/' || c == ':' || c == '@' || c == '.');
    }

    static boolean accepts(String preferredId, String detectedDistribution) {
        if (detectedDistribution == null) {
            return false;
        }
        String preferred = preferredId.toLowerCase(Locale.ROOT);
        String detected = detectedDistribution.toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(preferred, Set.of(preferred)).contains(detected);
    }
}
