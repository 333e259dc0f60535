package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fuzzer input of {@link RegistryDocumentJazzerTest}: documents that stay linked by digest and size. */
class LinkedDocumentsTest {

    @Test
    void generatedDocumentsComeBackAsTheyWereServed() {
        int compared = 0;
        for (int seed = 0; seed < 200; seed++) {
            RegistryDocuments generated = RegistryDocuments.generate(new Random(seed));
            if (new String(generated.text().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1)
                    .contains("\u0000")) {
                continue; // a mutation put a NUL, the separator, into a document
            }
            RegistryDocuments read = LinkedDocuments.read(LinkedDocuments.write(generated));

            assertArrayEquals(generated.top().bytes(), read.top().bytes(), "seed " + seed);
            if (generated.known()) {
                // served as its mediaType says; a mutated document is served as what it now says
                assertEquals(generated.top().contentType(), read.top().contentType(), "seed " + seed);
            }
            assertEquals(generated.documents().keySet(), read.documents().keySet(), "seed " + seed);
            compared++;
        }
        assertEquals(200, compared, "cases compared");
    }

    @Test
    void placeholdersStandForTheDigestAndSizeOfTheDocumentTheyName() {
        String config = "{\"os\":\"linux\",\"architecture\":\"amd64\"}";
        RegistryDocuments read = LinkedDocuments.read(
                ("{\"config\":{\"digest\":\"{digest:1}\",\"size\":{size:1}},\"mediaType\":\"x/y\"}\u0000" + config)
                        .getBytes(StandardCharsets.UTF_8));

        Digest digest = Digest.sha256Of(config.getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "{\"config\":{\"digest\":\"" + digest + "\",\"size\":" + config.length() + "},\"mediaType\":\"x/y\"}",
                new String(read.top().bytes(), StandardCharsets.UTF_8));
        assertEquals("x/y", read.top().contentType());
        assertEquals(List.of(digest), List.copyOf(read.documents().keySet()));
        assertEquals("application/octet-stream", read.documents().get(digest).contentType());
    }

    @Test
    void aPlaceholderOfNoDocumentOrOfItsOwnStaysAsWritten() {
        RegistryDocuments read =
                LinkedDocuments.read("{digest:0} {digest:7} {size:1}\u0000{digest:0}".getBytes(StandardCharsets.UTF_8));

        assertEquals("{digest:0} {digest:7} 10", new String(read.top().bytes(), StandardCharsets.UTF_8));
        assertNull(read.top().contentType());
    }
}
