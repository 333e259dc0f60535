package io.weighbridge.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A Secret volume as the kubelet writes it, with certificates made by {@code openssl} at test
 * time: {@code tls.crt} and {@code tls.key} are symlinks through {@code ..data}, and a renewal
 * swaps {@code ..data} to a new folder in one rename, so a reader never sees half a pair.
 */
public final class ServingCertificates {
    private final Path volume;
    private int generation;

    private ServingCertificates(Path volume) {
        this.volume = volume;
    }

    /**
     * The volume of this JVM, made on first use with a pair for {@code cn}. Quarkus loads a test
     * profile in more than one class loader, so the volume is found again through a system
     * property rather than a static field.
     */
    static synchronized ServingCertificates shared(String cn) {
        String property = "weighbridge.test.tls-volume";
        String existing = System.getProperty(property);
        if (existing != null) {
            ServingCertificates certificates = new ServingCertificates(Path.of(existing));
            try (var generations = Files.list(Path.of(existing))) {
                certificates.generation = (int) generations
                        .filter(p -> p.getFileName().toString().startsWith("..gen_"))
                        .count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return certificates;
        }
        try {
            ServingCertificates certificates = mount(Files.createTempDirectory("weighbridge-tls"), cn);
            System.setProperty(property, certificates.volume.toString());
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A volume holding a first pair, {@code cn}, valid for 127.0.0.1. */
    public static ServingCertificates mount(Path volume, String cn) {
        ServingCertificates certificates = new ServingCertificates(volume);
        certificates.renew(cn);
        try {
            Files.createSymbolicLink(volume.resolve("tls.crt"), Path.of("..data/tls.crt"));
            Files.createSymbolicLink(volume.resolve("tls.key"), Path.of("..data/tls.key"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return certificates;
    }

    Path certificateFile() {
        return volume.resolve("tls.crt");
    }

    Path keyFile() {
        return volume.resolve("tls.key");
    }

    /** Writes a new pair for {@code cn} and swaps it in atomically, as a Secret update does. */
    void renew(String cn) {
        try {
            Path folder = Files.createDirectory(volume.resolve("..gen_" + (++generation)));
            openssl(
                    "req",
                    "-x509",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-nodes",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=" + cn,
                    "-addext",
                    "subjectAltName=IP:127.0.0.1",
                    "-keyout",
                    folder.resolve("tls.key").toString(),
                    "-out",
                    folder.resolve("tls.crt").toString());
            Path link = volume.resolve("..data_tmp");
            Files.createSymbolicLink(link, folder.getFileName());
            Files.move(link, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The certificate the volume holds now. */
    public X509Certificate current() {
        try (InputStream in = Files.newInputStream(certificateFile())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":")
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void openssl(String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "openssl did not finish");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        assertEquals(0, process.exitValue(), "openssl failed: " + output);
    }
}
