package io.weighbridge.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes, blob by blob through the registry's HTTP API, the images jib-core cannot build:
 * layers holding symlinks (jib packs only regular files and directories), configs whose
 * {@code history} carries a chosen {@code created_by} per layer (jib writes its own), and
 * indexes whose platforms have different layers (jib adds the same layers to every platform
 * and cannot write an OCI index at all).
 */
final class RawImagePusher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREATED = "2024-09-06T12:00:00Z";

    /** One Dockerfile instruction: it adds a layer, or only changes the config ({@code empty_layer}). */
    record BuildStep(String createdBy, LayerContent layer) {
        static BuildStep layer(String createdBy, LayerContent layer) {
            return new BuildStep(createdBy, layer);
        }

        static BuildStep configOnly(String createdBy) {
            return new BuildStep(createdBy, null);
        }
    }

    /** A manifest already in the repository, as an index entry for one platform. */
    record PlatformManifest(RegistryHttpApi.FetchedManifest manifest, FixturePlatform platform) {}

    /** Pushes config and layers, then the manifest under the tag; answers the manifest digest. */
    String pushImage(
            TestRegistry registry,
            String repository,
            String tag,
            ManifestFormat format,
            FixturePlatform platform,
            List<BuildStep> steps) {
        RegistryHttpApi api = registry.api();
        List<Map<String, Object>> layerDescriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        List<Map<String, Object>> history = new ArrayList<>();
        for (BuildStep step : steps) {
            Map<String, Object> historyEntry = new LinkedHashMap<>();
            historyEntry.put("created", CREATED);
            historyEntry.put("created_by", step.createdBy());
            if (step.layer() == null) {
                historyEntry.put("empty_layer", true);
            } else {
                LayerTarball tarball = LayerTarball.pack(step.layer());
                api.pushBlob(repository, tarball.gzip());
                layerDescriptors.add(descriptor(format.layerType, tarball.size(), tarball.digest()));
                diffIds.add(tarball.diffId());
            }
            history.add(historyEntry);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", platform.architecture());
        config.put("os", platform.os());
        config.put("created", CREATED);
        config.put(
                "config", Map.of("Env", List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        config.put("history", history);
        byte[] configBytes = json(config);
        String configDigest = api.pushBlob(repository, configBytes);

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", format.manifestType);
        manifest.put("config", descriptor(format.configType, configBytes.length, configDigest));
        manifest.put("layers", layerDescriptors);
        return api.pushManifest(repository, tag, format.manifestType, json(manifest));
    }

    /** Pushes a Docker manifest list or OCI index over manifests the repository already holds. */
    String pushIndex(
            TestRegistry registry,
            String repository,
            String tag,
            ManifestFormat format,
            List<PlatformManifest> platforms) {
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (PlatformManifest entry : platforms) {
            Map<String, Object> descriptor = descriptor(
                    entry.manifest().mediaType(),
                    entry.manifest().size(),
                    entry.manifest().digest());
            descriptor.put(
                    "platform",
                    Map.of(
                            "architecture",
                            entry.platform().architecture(),
                            "os",
                            entry.platform().os()));
            manifests.add(descriptor);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", format.indexType);
        index.put("manifests", manifests);
        return registry.api().pushManifest(repository, tag, format.indexType, json(index));
    }

    /** An OCI descriptor as a registry document holds it. */
    static Map<String, Object> descriptor(String mediaType, long size, String digest) {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", mediaType);
        descriptor.put("size", size);
        descriptor.put("digest", digest);
        return descriptor;
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
