package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.weighbridge.image.ImageConfig.HistoryEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayerHistoryTest {

    private static Descriptor layer(int n, long size) {
        return new Descriptor(
                "application/vnd.oci.image.layer.v1.tar+gzip",
                Digest.sha256Of(new byte[] {(byte) n}),
                size,
                Optional.empty(),
                Map.of());
    }

    @Test
    void pairsLayersWithTheHistoryEntriesThatMadeThemBottomFirst() {
        ImageConfig config = ImageConfig.parse("""
                {"os":"linux","architecture":"arm64","variant":"v8","history":[
                  {"created_by":"/bin/sh -c #(nop) ADD file:abc in / "},
                  {"created_by":"/bin/sh -c #(nop)  CMD [\\"/bin/sh\\"]","empty_layer":true},
                  {"created_by":"/bin/sh -c apk add --no-cache curl"},
                  {"created_by":"ENV A=b","empty_layer":true},
                  {"created_by":"RUN /bin/sh -c pip install -r requirements.txt # buildkit"},
                  {"created_by":"COPY app /app # buildkit"}
                ]}""".getBytes(StandardCharsets.UTF_8));
        List<Layer> layers =
                LayerHistory.align(List.of(layer(1, 10), layer(2, 20), layer(3, 30), layer(4, 40)), config.history());
        assertEquals(
                List.of(
                        "ADD file:abc in /",
                        "RUN apk add --no-cache curl",
                        "RUN pip install -r requirements.txt",
                        "COPY app /app"),
                layers.stream().map(Layer::createdBy).toList());
        assertEquals(
                List.of(10L, 20L, 30L, 40L),
                layers.stream().map(Layer::sizeBytes).toList());
        assertEquals("linux/arm64/v8", config.platform().orElseThrow().toString());
    }

    @Test
    void leavesHistoryOutWhenItDoesNotCountTheLayers() {
        List<Layer> layers = LayerHistory.align(
                List.of(layer(1, 10), layer(2, 20)), List.of(new HistoryEntry("/bin/sh -c true", false)));
        assertNull(layers.get(0).createdBy());
        assertNull(layers.get(1).createdBy());
    }

    @Test
    void makesClassicBuilderArgumentsReadable() {
        assertEquals("RUN make", LayerHistory.readable("|2 A=1 B=2 /bin/sh -c make"));
        assertEquals(
                "RUN apt-get update && apt-get install -y x",
                LayerHistory.readable("/bin/sh -c apt-get update &&     apt-get install -y x"));
    }
}
