package io.weighbridge.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A layer packed by hand as a gzip tarball, with parent directories, fixed owners and times so
 * that the same content always gives the same bytes.
 *
 * @param gzip the blob pushed to the registry
 * @param diffId {@code sha256} of the uncompressed tar, as the config's {@code rootfs.diff_ids} lists it
 */
record LayerTarball(byte[] gzip, String diffId) {
    private static final Date MODIFIED = Date.from(Instant.parse("2024-09-06T12:00:00Z"));

    static LayerTarball pack(LayerContent content) {
        byte[] tar = tar(content.entries());
        return new LayerTarball(gzip(tar), Digests.sha256(tar));
    }

    long size() {
        return gzip.length;
    }

    String digest() {
        return Digests.sha256(gzip);
    }

    private static byte[] tar(List<LayerContent.Entry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String directory : parentDirectories(entries)) {
                TarArchiveEntry entry = new TarArchiveEntry(directory + "/");
                entry.setMode(040755);
                stamp(entry);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (LayerContent.Entry entry : entries.stream()
                    .sorted(Comparator.comparing(LayerContent.Entry::path))
                    .toList()) {
                write(tar, entry);
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void write(TarArchiveOutputStream tar, LayerContent.Entry entry) throws IOException {
        if (entry instanceof LayerContent.RegularFile file) {
            TarArchiveEntry header = new TarArchiveEntry(file.path());
            header.setMode(0100000 | file.mode());
            header.setSize(file.content().length);
            stamp(header);
            tar.putArchiveEntry(header);
            tar.write(file.content());
        } else if (entry instanceof LayerContent.Symlink link) {
            TarArchiveEntry header = new TarArchiveEntry(link.path(), TarConstants.LF_SYMLINK);
            header.setLinkName(link.target());
            header.setMode(0120777);
            stamp(header);
            tar.putArchiveEntry(header);
        }
        tar.closeArchiveEntry();
    }

    private static TreeSet<String> parentDirectories(List<LayerContent.Entry> entries) {
        TreeSet<String> directories = new TreeSet<>();
        for (LayerContent.Entry entry : entries) {
            String path = entry.path();
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                directories.add(path.substring(0, slash));
            }
        }
        return directories;
    }

    private static void stamp(TarArchiveEntry entry) {
        entry.setModTime(MODIFIED);
        entry.setIds(0, 0);
        entry.setNames("root", "root");
    }

    private static byte[] gzip(byte[] tar) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(tar.length + 1024);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
