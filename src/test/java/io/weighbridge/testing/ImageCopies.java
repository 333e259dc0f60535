package io.weighbridge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weighbridge.image.ImageReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Distinct images with the layers of a fixture: each copy gets a config of its own (a
 * {@code comment} naming the copy) and so a manifest digest of its own, while the layer blobs are
 * the fixture's. For tests that need several images no cache has seen, of a known size, without
 * pushing their layers again.
 */
public final class ImageCopies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageCopies() {}

    /** Pushes {@code count} copies of a single-platform fixture as {@code <its repository>:<tagPrefix>-<n>}. */
    public static List<ImageReference> of(TestRegistry registry, PushedImage image, String tagPrefix, int count) {
        String repository = image.reference().repository();
        RegistryHttpApi api = registry.api();
        RegistryHttpApi.FetchedManifest fetched = api.manifest(repository, image.digest());
        List<ImageReference> copies = new ArrayList<>();
        try {
            ObjectNode manifest = (ObjectNode) JSON.readTree(fetched.body());
            ObjectNode configDescriptor = (ObjectNode) manifest.get("config");
            ObjectNode config = (ObjectNode) JSON.readTree(
                    api.blob(repository, configDescriptor.get("digest").asText()));
            for (int n = 1; n <= count; n++) {
                config.put("comment", "copy " + n + " of " + image.reference());
                byte[] configBytes = JSON.writeValueAsBytes(config);
                configDescriptor.put("digest", api.pushBlob(repository, configBytes));
                configDescriptor.put("size", configBytes.length);
                String tag = tagPrefix + "-" + n;
                api.pushManifest(repository, tag, fetched.mediaType(), JSON.writeValueAsBytes(manifest));
                copies.add(registry.reference(repository + ":" + tag));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copies;
    }
}
