package io.weighbridge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A self-signed RSA 2048 serving certificate for 127.0.0.1, made by openssl, as a cluster's service CA would give one. */
record Certificates(Path certificate, Path key) {
    /** The name the API server calls the webhook by (service.namespace.svc). */
    static final String SERVICE_NAME = "weighbridge.weighbridge.svc";

    static Certificates make(Path directory) {
        Path certificate = directory.resolve("tls.crt");
        Path key = directory.resolve("tls.key");
        Commands.run(
                List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=" + SERVICE_NAME,
                        "-addext",
                        "subjectAltName=IP:127.0.0.1,DNS:" + SERVICE_NAME,
                        "-keyout",
                        key.toString(),
                        "-out",
                        certificate.toString()),
                Duration.ofSeconds(60));
        return new Certificates(certificate, key);
    }
}
