package io.weighbridge.image;

import io.weighbridge.image.BaseDetector.Detection;
import io.weighbridge.image.BaseDetector.LayerSource;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads layers through gunzip and tar looking for {@code os-release} and
 * {@code etc/alpine-release}, and stops as soon as it knows. Blocking: run it on a worker thread.
 * An answer that follows from the bytes (found, or undecidable within the byte cap or for a zstd
 * layer) is settled; one cut short by a read failure is not.
 */
final class LayerScan {
    private static final int MAX_MARKER_BYTES = 64 * 1024;

    private LayerScan() {}

    /**
     * Reads the layers bottom first until one names the distribution, at most {@code maxCompressedBytes} in all.
     * A layer {@code markers} already knows is not read again; each layer read to its marker or to its end is
     * remembered there.
     *
     * @param readsAllLayers these are all the image's layers: none naming a distribution means scratch
     */
    static Detection scan(
            List<Digest> digests,
            boolean readsAllLayers,
            LayerSource source,
            Deadline deadline,
            long maxCompressedBytes,
            LayerMarkers markers) {
        ScanState state = new ScanState();
        long budgetLeft = maxCompressedBytes;
        for (Digest digest : digests) {
            Optional<LayerMarkers.Marker> known = markers.of(digest);
            if (known.isPresent()) {
                if (known.get().base() != null) {
                    return new Detection(known.get().base(), true);
                }
                continue;
            }
            try (CappedInputStream compressed = new CappedInputStream(source.open(digest, deadline), budgetLeft)) {
                Optional<BaseImage> found = scanLayer(compressed, state);
                if (found.isPresent()) {
                    markers.found(digest, found.get());
                    return new Detection(found.get(), true);
                }
                markers.noMarkerIn(digest);
                budgetLeft -= compressed.consumed();
            } catch (CapReachedException | UnsupportedCompressionException undecidable) {
                return new Detection(BaseImage.UNKNOWN, true);
            } catch (IOException | RuntimeException unreadable) {
                return new Detection(BaseImage.UNKNOWN, false);
            }
        }
        return new Detection(readsAllLayers ? BaseImage.SCRATCH : BaseImage.UNKNOWN, true);
    }

    /** Markers seen so far, across the layers of one image. */
    static final class ScanState {
        Optional<String> alpineRelease = Optional.empty();
    }

    /**
     * Reads one layer's tar until os-release names the distribution; {@code etc/alpine-release}
     * settles it at the end of the layer when os-release did not.
     */
    static Optional<BaseImage> scanLayer(InputStream compressed, ScanState state) throws IOException {
        InputStream tar = decompress(new BufferedInputStream(compressed));
        TarArchiveInputStream entries = new TarArchiveInputStream(tar);
        TarArchiveEntry entry;
        while ((entry = entries.getNextEntry()) != null) {
            // A symlink (etc/os-release -> ../usr/lib/os-release) is skipped: its target is read when it comes.
            if (!entry.isFile()) {
                continue;
            }
            String name = normalise(entry.getName());
            if (name.equals("etc/os-release") || name.equals("usr/lib/os-release")) {
                Optional<BaseImage> base = OsRelease.parse(readSmall(entries)).base();
                if (base.isPresent()) {
                    return base;
                }
            } else if (name.equals("etc/alpine-release")) {
                state.alpineRelease = Optional.of(readSmall(entries).strip());
            }
        }
        return state.alpineRelease.map(version -> new BaseImage("alpine", version.isEmpty() ? null : version));
    }

    private static InputStream decompress(BufferedInputStream in) throws IOException {
        in.mark(4);
        int b0 = in.read();
        int b1 = in.read();
        int b2 = in.read();
        int b3 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(in, 64 * 1024);
        }
        if (b0 == 0x28 && b1 == 0xb5 && b2 == 0x2f && b3 == 0xfd) {
            throw new UnsupportedCompressionException();
        }
        return in;
    }

    private static String readSmall(InputStream in) throws IOException {
        return new String(in.readNBytes(MAX_MARKER_BYTES), StandardCharsets.UTF_8);
    }

    private static String normalise(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.startsWith("./") ? n.substring(2) : n.substring(1);
        }
        return n;
    }

    private static final class CapReachedException extends IOException {}

    private static final class UnsupportedCompressionException extends IOException {}

    /** Counts compressed bytes and refuses to read past the cap; closing closes the source. */
    private static final class CappedInputStream extends FilterInputStream {
        private final long cap;
        private long consumed;

        CappedInputStream(InputStream in, long cap) {
            super(in);
            this.cap = cap;
        }

        long consumed() {
            return consumed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (consumed >= cap) {
                throw new CapReachedException();
            }
            int n = super.read(b, off, (int) Math.min(len, cap - consumed));
            if (n > 0) {
                consumed += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
