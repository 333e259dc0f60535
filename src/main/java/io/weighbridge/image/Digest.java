package io.weighbridge.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:<64 hex>}; only sha256 and sha512 are accepted. Kept as the
 * hash's raw bytes in {@code long}s (48 bytes on the heap for a sha256 rather than 104 as a record of
 * two strings; caches hold one for every image and layer); its text is made when something prints it.
 */
public sealed interface Digest permits Digest.Sha256, Digest.Sha512 {
    /** {@code sha256} or {@code sha512}. */
    String algorithm();

    /** The hash as raw bytes, most significant first. */
    long[] words();

    static Digest parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a valid digest: " + OneLine.cap(text, 80));
        }
        return of(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The digest of {@code algorithm} and {@code hex}, the lowercase hex its algorithm asks for. */
    static Digest of(String algorithm, String hex) {
        return switch (algorithm) {
            case "sha256" -> {
                long[] w = Text.words(algorithm, hex, Text.SHA256);
                yield new Sha256(w[0], w[1], w[2], w[3]);
            }
            case "sha512" -> {
                long[] w = Text.words(algorithm, hex, Text.SHA512);
                yield new Sha512(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
            }
            default -> throw Text.invalid(algorithm, hex);
        };
    }

    static Digest sha256Of(byte[] content) {
        byte[] hash = hash("sha256", content);
        return new Sha256(word(hash, 0), word(hash, 1), word(hash, 2), word(hash, 3));
    }

    /** The lowercase hex of the hash, as it follows the algorithm in {@link #toString()}. */
    default String hex() {
        StringBuilder hex = new StringBuilder(16 * words().length);
        for (long word : words()) {
            hex.append(HexFormat.of().toHexDigits(word));
        }
        return hex.toString();
    }

    /** True when {@code content} hashes to this digest. */
    default boolean matches(byte[] content) {
        byte[] hash = hash(algorithm(), content);
        long[] words = words();
        long difference = hash.length - 8L * words.length;
        for (int i = 0; i < words.length && difference == 0; i++) {
            difference |= word(hash, i) ^ words[i];
        }
        return difference == 0;
    }

    default MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(algorithm().equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code sha256:0123456789ab…}: enough to tell digests apart in a message. */
    default String abbreviated() {
        return algorithm() + ":" + HexFormat.of().toHexDigits(words()[0]).substring(0, 12) + "…";
    }

    private static byte[] hash(String algorithm, byte[] content) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512")
                    .digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code index}th eight bytes of {@code hash}, big-endian. */
    private static long word(byte[] hash, int index) {
        long word = 0;
        for (int i = 8 * index; i < 8 * index + 8; i++) {
            word = word << 8 | (hash[i] & 0xFF);
        }
        return word;
    }

    /** A sha256 digest: its 32 bytes. */
    record Sha256(long w0, long w1, long w2, long w3) implements Digest {
        @Override
        public String algorithm() {
            return "sha256";
        }

        @Override
        public long[] words() {
            return new long[] {w0, w1, w2, w3};
        }

        @Override
        public String toString() {
            return "sha256:" + hex();
        }
    }

    /** A sha512 digest: its 64 bytes. */
    record Sha512(long w0, long w1, long w2, long w3, long w4, long w5, long w6, long w7) implements Digest {
        @Override
        public String algorithm() {
            return "sha512";
        }

        @Override
        public long[] words() {
            return new long[] {w0, w1, w2, w3, w4, w5, w6, w7};
        }

        @Override
        public String toString() {
            return "sha512:" + hex();
        }
    }

    /** Reading a digest's text: what is valid, and the failure otherwise. */
    final class Text {
        private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
        private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

        private Text() {}

        static long[] words(String algorithm, String hex, Pattern valid) {
            if (!valid.matcher(hex).matches()) {
                throw invalid(algorithm, hex);
            }
            long[] words = new long[hex.length() / 16];
            for (int i = 0; i < words.length; i++) {
                words[i] = HexFormat.fromHexDigitsToLong(hex, 16 * i, 16 * i + 16);
            }
            return words;
        }

        static IllegalArgumentException invalid(String algorithm, String hex) {
            return new IllegalArgumentException("not a valid digest: " + OneLine.cap(algorithm + ":" + hex, 80));
        }
    }
}
