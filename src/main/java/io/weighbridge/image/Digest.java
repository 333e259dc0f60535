package io.weighbridge.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:<64 hex>}; only sha256 and sha512 are accepted. */
public record Digest(String algorithm, String hex) {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        boolean valid = switch (algorithm) {
            case "sha256" -> SHA256.matcher(hex).matches();
            case "sha512" -> SHA512.matcher(hex).matches();
            default -> false;
        };
        if (!valid) {
            throw new IllegalArgumentException("not a valid digest: " + OneLine.cap(algorithm + ":" + hex, 80));
        }
        // One shared string per algorithm, however many digests a cache holds.
        algorithm = algorithm.equals("sha256") ? "sha256" : "sha512";
    }

    public static Digest parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a valid digest: " + OneLine.cap(text, 80));
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest sha256Of(byte[] content) {
        return new Digest("sha256", HexFormat.of().formatHex(hash("sha256", content)));
    }

    /** True when {@code content} hashes to this digest. */
    public boolean matches(byte[] content) {
        return MessageDigest.isEqual(hash(algorithm, content), HexFormat.of().parseHex(hex));
    }

    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hash(String algorithm, byte[] content) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512")
                    .digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code sha256:0123456789ab…}: enough to tell digests apart in a message. */
    public String abbreviated() {
        return algorithm + ":" + hex.substring(0, 12) + "…";
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
