package io.weighbridge.image;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.weighbridge.image.BaseDetector.Detection;
import java.util.List;
import java.util.Optional;

/**
 * What the bytes of each layer read so far said about the base, by the layer's digest: the
 * distribution its {@code os-release} or {@code etc/alpine-release} names, or that it holds
 * neither. A digest's content never changes, so an entry holds for good within the memory bound;
 * a new image on a base read before is told without a byte of its layers. Only a layer read to
 * its marker or to its end is remembered (never one cut short by the byte cap or a failure), and
 * never a config's hint: no image's config can change what another image on the same layers is
 * judged by.
 */
final class LayerMarkers {
    /** Heap the markers may hold: some 10,000 layers. */
    static final long CACHE_BYTES = 2L * 1024 * 1024;

    /** What one layer's bytes say: {@code base}, or {@code null} when they name no distribution. */
    record Marker(BaseImage base) {
        static final Marker NONE = new Marker(null);
    }

    private final Cache<Digest, Marker> markers = Caffeine.newBuilder()
            .maximumWeight(CACHE_BYTES)
            .weigher((Digest layer, Marker marker) -> HeapBytes.weight(HeapBytes.CACHE_ENTRY
                    + HeapBytes.digest(layer)
                    + (marker.base() == null
                            ? 0
                            : 2 * HeapBytes.SMALL_OBJECT
                                    + HeapBytes.text(marker.base().distribution())
                                    + HeapBytes.text(marker.base().version()))))
            .build();

    Optional<Marker> of(Digest layer) {
        return Optional.ofNullable(markers.getIfPresent(layer));
    }

    void found(Digest layer, BaseImage base) {
        markers.put(layer, new Marker(base));
    }

    void noMarkerIn(Digest layer) {
        markers.put(layer, Marker.NONE);
    }

    /**
     * The base these bottom layers tell from earlier reads alone, read as {@link LayerScan} reads
     * them (the first layer naming a distribution decides), or empty when a layer must be read.
     *
     * @param readsAllLayers these are all the image's layers: none naming a distribution means scratch
     */
    Optional<Detection> known(List<Digest> bottom, boolean readsAllLayers) {
        for (Digest layer : bottom) {
            Marker marker = markers.getIfPresent(layer);
            if (marker == null) {
                return Optional.empty();
            }
            if (marker.base() != null) {
                return Optional.of(new Detection(marker.base(), true));
            }
        }
        return Optional.of(new Detection(readsAllLayers ? BaseImage.SCRATCH : BaseImage.UNKNOWN, true));
    }
}
