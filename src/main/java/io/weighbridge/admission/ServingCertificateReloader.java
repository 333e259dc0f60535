package io.weighbridge.admission;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Serves a renewed certificate without a restart, and only a renewed one.
 *
 * <p>Every {@code weighbridge.tls.reload-period} it has Quarkus' TLS registry read the files of
 * the HTTP server's TLS configuration again ({@link TlsConfiguration#reload()}), and when the
 * certificates differ from those served, fires the registry's {@link CertificateUpdatedEvent},
 * on which Quarkus swaps the server's TLS context: new connections get the new pair, open ones
 * keep theirs. Quarkus' own {@code quarkus.tls.<name>.reload-period} fires that event at every
 * period, changed or not, and Vert.x drops a connection that arrives while the context is being
 * swapped (TlsRotationIT saw it), so a swap must happen at a renewal, not every minute.
 */
@ApplicationScoped
public class ServingCertificateReloader {
    private static final Logger LOG = Logger.getLogger(ServingCertificateReloader.class);

    @Inject
    TlsConfigurationRegistry registry;

    @Inject
    Event<CertificateUpdatedEvent> updated;

    @ConfigProperty(name = "quarkus.http.tls-configuration-name")
    Optional<String> configurationName;

    @ConfigProperty(name = "weighbridge.tls.reload-period", defaultValue = "1m")
    Duration period;

    private volatile List<String> served = List.of();
    private ScheduledExecutorService timer;

    void onStart(@Observes StartupEvent event) {
        Optional<TlsConfiguration> configuration = configurationName.flatMap(registry::get);
        if (configuration.isEmpty() || configuration.get().getKeyStore() == null) {
            return;
        }
        String name = configurationName.get();
        served = fingerprints(configuration.get());
        LOG.infof(
                "Serving TLS configuration %s: %s; files read again every %s",
                name, describe(configuration.get()), period);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "weighbridge-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, period.toMillis());
        timer.scheduleWithFixedDelay(() -> check(name, configuration.get()), millis, millis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void check(String name, TlsConfiguration configuration) {
        try {
            if (!configuration.reload()) {
                LOG.warnf("TLS configuration %s: cannot read its files; still serving the previous certificate", name);
                return;
            }
            List<String> now = fingerprints(configuration);
            if (now.equals(served)) {
                return;
            }
            updated.fire(new CertificateUpdatedEvent(name, configuration));
            served = now;
            LOG.infof("Renewed TLS configuration %s: now serving %s", name, describe(configuration));
        } catch (RuntimeException e) {
            LOG.warnf(
                    "TLS configuration %s: reload failed (%s); still serving the previous certificate",
                    name, e.toString());
        }
    }

    private static List<String> fingerprints(TlsConfiguration configuration) {
        List<String> result = new ArrayList<>();
        for (X509Certificate certificate : certificates(configuration.getKeyStore())) {
            try {
                result.add(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded())));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    private static String describe(TlsConfiguration configuration) {
        List<String> parts = new ArrayList<>();
        for (X509Certificate certificate : certificates(configuration.getKeyStore())) {
            parts.add(certificate.getSubjectX500Principal().getName() + " serial "
                    + certificate.getSerialNumber().toString(16) + " valid until "
                    + certificate.getNotAfter().toInstant());
        }
        return String.join(", ", parts);
    }

    private static List<X509Certificate> certificates(KeyStore store) {
        List<X509Certificate> result = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate instanceof X509Certificate x509) {
                    result.add(x509);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }
}
