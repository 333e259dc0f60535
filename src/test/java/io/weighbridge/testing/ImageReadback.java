package io.weighbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads a just-pushed image back from the registry, fails loudly when it is not what was pushed,
 * and measures it into a {@link PushedImage}.
 */
final class ImageReadback {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageReadback() {}

    /** A single-platform manifest, checked for media type, digest, config platform and history alignment. */
    static PushedImage manifest(
            TestRegistry registry,
            String repository,
            String reference,
            String expectedMediaType,
            String expectedDigest) {
        RegistryHttpApi.FetchedManifest fetched =
                fetch(registry, repository, reference, expectedMediaType, expectedDigest);
        return measure(registry, repository, reference, fetched);
    }

    /** An index or manifest list: checked like a manifest, measured by its linux/amd64 entry. */
    static PushedImage index(
            TestRegistry registry, String repository, String tag, String expectedMediaType, String expectedDigest) {
        RegistryHttpApi.FetchedManifest index = fetch(registry, repository, tag, expectedMediaType, expectedDigest);
        String amd64Digest = platformDigest(index, FixturePlatform.LINUX_AMD64);
        PushedImage amd64 =
                measure(registry, repository, amd64Digest, registry.api().manifest(repository, amd64Digest));
        return new PushedImage(
                registry.reference(repository + ":" + tag),
                index.digest(),
                amd64.sizeBytes(),
                amd64.layerCount(),
                amd64.largestLayerBytes(),
                amd64.platform());
    }

    /** The entry of an index for one platform, measured like a single-platform manifest. */
    static PushedImage platformManifest(TestRegistry registry, PushedImage index, FixturePlatform platform) {
        String repository = index.reference().repository();
        String digest = platformDigest(registry.api().manifest(repository, index.digest()), platform);
        return measure(registry, repository, digest, registry.api().manifest(repository, digest));
    }

    /** The digest of the index entry for a platform; fails when the index has none. */
    static String platformDigest(RegistryHttpApi.FetchedManifest index, FixturePlatform platform) {
        for (JsonNode entry : parse(index.body()).path("manifests")) {
            JsonNode entryPlatform = entry.path("platform");
            if (platform.os().equals(entryPlatform.path("os").asText())
                    && platform.architecture()
                            .equals(entryPlatform.path("architecture").asText())) {
                return entry.path("digest").asText();
            }
        }
        throw new IllegalStateException("index " + index.digest() + " has no " + platform + " entry");
    }

    private static RegistryHttpApi.FetchedManifest fetch(
            TestRegistry registry,
            String repository,
            String reference,
            String expectedMediaType,
            String expectedDigest) {
        RegistryHttpApi.FetchedManifest fetched = registry.api().manifest(repository, reference);
        String where = registry.hostPort() + "/" + repository + ":" + reference;
        if (!fetched.mediaType().equals(expectedMediaType)) {
            throw new IllegalStateException(
                    where + " is served as " + fetched.mediaType() + ", expected " + expectedMediaType);
        }
        if (!fetched.digest().equals(expectedDigest)) {
            throw new IllegalStateException(where + " has digest " + fetched.digest() + ", pushed " + expectedDigest);
        }
        return fetched;
    }

    private static PushedImage measure(
            TestRegistry registry, String repository, String reference, RegistryHttpApi.FetchedManifest fetched) {
        JsonNode manifest = parse(fetched.body());
        JsonNode configDescriptor = manifest.path("config");
        long size = configDescriptor.path("size").asLong();
        long largest = 0;
        int layers = 0;
        for (JsonNode layer : manifest.path("layers")) {
            long layerSize = layer.path("size").asLong();
            size += layerSize;
            largest = Math.max(largest, layerSize);
            layers++;
        }
        JsonNode config = parse(
                registry.api().blob(repository, configDescriptor.path("digest").asText()));
        String where = registry.hostPort() + "/" + repository + "@" + fetched.digest();
        if (!config.hasNonNull("architecture") || !config.hasNonNull("os")) {
            throw new IllegalStateException(where + ": config lacks architecture or os");
        }
        requireHistoryAligned(where, config, layers);
        String platform =
                config.get("os").asText() + "/" + config.get("architecture").asText();
        String referenceText =
                reference.startsWith("sha256:") ? repository + "@" + reference : repository + ":" + reference;
        return new PushedImage(registry.reference(referenceText), fetched.digest(), size, layers, largest, platform);
    }

    private static void requireHistoryAligned(String where, JsonNode config, int layers) {
        if (!config.has("history")) {
            return;
        }
        int nonEmpty = 0;
        for (JsonNode entry : config.get("history")) {
            if (!entry.path("empty_layer").asBoolean(false)) {
                nonEmpty++;
            }
        }
        int diffIds = config.path("rootfs").path("diff_ids").size();
        if (nonEmpty != layers || diffIds != layers) {
            throw new IllegalStateException(where + ": " + layers + " layers but " + nonEmpty
                    + " non-empty history entries and " + diffIds + " diff_ids");
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
