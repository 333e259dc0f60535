package io.weighbridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/** A digest is kept as its hash's bytes and printed as {@code algorithm:hex}, exactly as it was read. */
class DigestTest {
    static {
        // JOL cannot ask Unsafe for the field offsets of records; it finds them by probing instead.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private static final String SHA256 = "sha256:0123456789abcdef00ff10e0d3c4b5a6978f8e7d6c5b4a39281706f5e4d3c2b1";
    private static final String SHA512 = "sha512:" + "f0e1d2c3b4a59687".repeat(7) + "0000000000000001";

    @Test
    void printsExactlyTheTextItWasReadFrom() {
        for (String text : new String[] {SHA256, SHA512, "sha256:" + "0".repeat(64), "sha512:" + "f".repeat(128)}) {
            Digest digest = Digest.parse(text);
            assertEquals(text, digest.toString());
            assertEquals(text.substring(0, 6), digest.algorithm());
            assertEquals(text.substring(7), digest.hex());
        }
        assertEquals("sha256:0123456789ab…", Digest.parse(SHA256).abbreviated());
        assertEquals("sha512:f0e1d2c3b4a5…", Digest.parse(SHA512).abbreviated());
    }

    @Test
    void equalTextsAreEqualDigestsAndOthersAreNot() {
        assertEquals(Digest.parse(SHA256), Digest.parse(new String(SHA256)));
        assertEquals(
                Digest.parse(SHA256).hashCode(),
                Digest.parse(new String(SHA256)).hashCode());
        assertNotEquals(Digest.parse(SHA256), Digest.parse(SHA256.replace("b1", "b2")));
        // The same leading bytes under another algorithm are another digest.
        assertNotEquals(Digest.parse("sha256:" + "0".repeat(64)), Digest.parse("sha512:" + "0".repeat(128)));
    }

    @Test
    void rejectsWhatItRejectedAsTextWithTheSameMessage() {
        for (String text : new String[] {
            "sha256:" + "A".repeat(64), // uppercase
            "sha256:" + "0".repeat(63),
            "sha256:" + "0".repeat(65),
            "sha256:" + "0".repeat(128),
            "sha512:" + "0".repeat(64),
            "sha256:" + "g".repeat(64),
            "sha256:",
            "md5:" + "0".repeat(32),
            "SHA256:" + "0".repeat(64),
            ":" + "0".repeat(64),
            "sha256:+" + "0".repeat(63),
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Digest.parse(text), text);
            assertEquals("not a valid digest: " + OneLine.cap(text, 80), e.getMessage());
        }
        assertEquals(
                "not a valid digest: null",
                assertThrows(IllegalArgumentException.class, () -> Digest.parse(null))
                        .getMessage());
        assertEquals(
                "not a valid digest: " + "0".repeat(64),
                assertThrows(IllegalArgumentException.class, () -> Digest.parse("0".repeat(64)))
                        .getMessage());
    }

    @Test
    void hashesAndMatchesContent() throws Exception {
        byte[] content = "layer bytes".getBytes(StandardCharsets.UTF_8);
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        Digest digest = Digest.sha256Of(content);
        assertEquals("sha256:" + expected, digest.toString());
        assertTrue(digest.matches(content));
        assertFalse(digest.matches("other bytes".getBytes(StandardCharsets.UTF_8)));
        assertEquals("SHA-256", digest.newMessageDigest().getAlgorithm());

        Digest sha512 = Digest.parse("sha512:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(content)));
        assertTrue(sha512.matches(content));
        assertFalse(sha512.matches(new byte[0]));
        assertEquals("SHA-512", sha512.newMessageDigest().getAlgorithm());
        // A sha256 never matches the content of a sha512 with the same leading bytes, nor the reverse.
        assertFalse(Digest.parse("sha512:" + expected + "0".repeat(64)).matches(content));
    }

    @Test
    void aSha256DigestIsItsThirtyTwoBytesOnTheHeapAndTheEstimateSaysSo() {
        Digest sha256 = Digest.parse(SHA256);
        Digest sha512 = Digest.parse(SHA512);
        assertEquals(48, GraphLayout.parseInstance(sha256).totalSize()); // header and four longs, nothing else
        assertEquals(80, GraphLayout.parseInstance(sha512).totalSize());
        assertEquals(GraphLayout.parseInstance(sha256).totalSize(), HeapBytes.digest(sha256));
        assertEquals(GraphLayout.parseInstance(sha512).totalSize(), HeapBytes.digest(sha512));
    }
}
