package io.weighbridge.image;

/**
 * Estimates of what cached values occupy on the heap, so every cache can be bounded by memory
 * rather than by a count of entries whose size nobody knows. Counted object by object for a
 * 64-bit JVM with compressed references (12-byte headers, 4-byte references, objects aligned to
 * 8 bytes) and compact strings; each string is counted as if it were the entry's own, so the
 * estimates err high, never low. {@code WeightCacheMemoryIT} and {@code CacheMemoryIT} hold them
 * to what JOL measures.
 */
public final class HeapBytes {
    /**
     * What a cache spends on an entry besides key and value: Caffeine's node (about 48 bytes for
     * a weighted, access-ordered node), the ConcurrentHashMap node under it (32) and its slot in
     * the table (8 at the usual load), the CompletableFuture an async cache keeps (24), and the
     * frequency sketch's share (8).
     */
    public static final long CACHE_ENTRY = 120;
    /** A record or small object with up to three reference or int fields. */
    public static final long SMALL_OBJECT = 24;

    /** A record or object of {@code fields} reference or int fields (compressed references: 4 bytes each). */
    public static long object(int fields) {
        return aligned(12 + 4L * fields);
    }

    private HeapBytes() {}

    /** A String with its byte array; nothing for {@code null}. */
    public static long text(String value) {
        if (value == null) {
            return 0;
        }
        boolean latin1 = value.chars().allMatch(c -> c <= 0xFF);
        return 24 + aligned(16 + (long) value.length() * (latin1 ? 1 : 2));
    }

    /** A byte array of {@code length}. */
    public static long bytes(long length) {
        return aligned(16 + length);
    }

    /** A Digest: its hash in {@code long}s after the header (its algorithm is its class). */
    public static long digest(Digest digest) {
        return aligned(16 + 8L * (digest instanceof Digest.Sha256 ? 4 : 8));
    }

    public static long aligned(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** {@code bytes} as a cache weight: Caffeine weighs entries by int. */
    public static int weight(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
