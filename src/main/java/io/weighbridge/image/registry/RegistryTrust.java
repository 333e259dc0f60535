package io.weighbridge.image.registry;

import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates registries are verified against: the JVM's default CAs plus those of
 * {@code weighbridge.registry.ca-file}. Only CAs are added; verification itself (chain and host
 * name) is never relaxed.
 */
final class RegistryTrust {
    private RegistryTrust() {}

    static TrustOptions withExtraCas(Path pemFile) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (X509Certificate ca : defaultTrustManager().getAcceptedIssuers()) {
                store.setCertificateEntry("jvm-" + index++, ca);
            }
            Collection<? extends Certificate> extra;
            try (InputStream in = Files.newInputStream(pemFile)) {
                extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (extra.isEmpty()) {
                throw new IllegalArgumentException(
                        "weighbridge.registry.ca-file " + pemFile + " holds no PEM certificate");
            }
            for (Certificate ca : extra) {
                store.setCertificateEntry("ca-file-" + index++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return TrustOptions.wrap(factory);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot read weighbridge.registry.ca-file " + pemFile + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JVM has no X.509 trust manager");
    }
}
