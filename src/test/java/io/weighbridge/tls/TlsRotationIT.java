package io.weighbridge.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * The webhook serves the mounted certificate, and a renewed one without a restart: a
 * connection opened before the renewal keeps working on the old certificate (the server was
 * not restarted), and a new connection within the reload period gets the new one.
 */
@QuarkusTest
@TestProfile(RotatingCertificateProfile.class)
class TlsRotationIT {
    @TestHTTPResource(value = "/validate", tls = true)
    URL validate;

    @TestHTTPResource(value = "/q/health/live", management = true)
    URL live;

    private final ServingCertificates secret = RotatingCertificateProfile.SECRET;

    @Test
    void aRenewedCertificateIsServedWithoutARestart() throws Exception {
        int port = validate.getPort();
        X509Certificate a = secret.current();
        try (HttpsConnection before = HttpsConnection.open(port, List.of(a))) {
            assertEquals(a, before.servedCertificate());
            assertAllowed(before.post("/validate", DeletingPodReview.json("rotation-a")), "a");
            report("before renewal", before.servedCertificate());

            secret.renew("weighbridge-b");
            X509Certificate b = secret.current();
            assertNotEquals(a.getSerialNumber(), b.getSerialNumber());
            long renewed = System.nanoTime();
            X509Certificate served = awaitServed(port, List.of(a, b), b);
            long seconds = (System.nanoTime() - renewed) / 1_000_000_000L;
            report("new connection " + seconds + " s after renewal", served);
            assertTrue(
                    seconds <= 2 * RotatingCertificateProfile.RELOAD_PERIOD_SECONDS + 2,
                    "renewal seen after " + seconds + " s");

            try (HttpsConnection after = HttpsConnection.open(port, List.of(b))) {
                assertAllowed(after.post("/validate", DeletingPodReview.json("rotation-b")), "b");
            }
            // The connection from before is still up, on the same server: no restart happened.
            assertEquals(a, before.servedCertificate());
            assertAllowed(before.post("/validate", DeletingPodReview.json("rotation-a2")), "a2");
        }
    }

    /** Unchanged files are read again every period, and no connection is lost to it. */
    @Test
    void unchangedFilesSwapNothing() throws Exception {
        X509Certificate current = secret.current();
        long until = System.nanoTime() + (5 * RotatingCertificateProfile.RELOAD_PERIOD_SECONDS) * 1_000_000_000L;
        int connections = 0;
        while (System.nanoTime() < until) {
            try (HttpsConnection connection = HttpsConnection.open(validate.getPort(), List.of(current))) {
                assertEquals(current, connection.servedCertificate());
            }
            connections++;
        }
        System.out.println(
                "[tls] " + connections + " new connections over 5 reload periods of unchanged files: none dropped");
    }

    @Test
    void plainHttpIsRefusedOnTheTlsPort() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", validate.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write("POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}"
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = readSome(socket.getInputStream());
            System.out.println("[tls] plain HTTP to the TLS port got " + answer.length() + " bytes"
                    + (answer.isEmpty() ? " (connection closed)" : ": " + printable(answer)));
            assertFalse(answer.startsWith("HTTP/"), "a plain-HTTP answer on the TLS port: " + answer);
        }
    }

    @Test
    void healthStaysOnThePlainManagementPort() throws Exception {
        assertEquals("http", live.getProtocol());
        assertNotEquals(validate.getPort(), live.getPort());
        URL health = new URL("http", "127.0.0.1", live.getPort(), "/q/health/live");
        HttpURLConnection connection = (HttpURLConnection) health.openConnection();
        assertEquals(200, connection.getResponseCode(), health.toString());
        System.out.println("[tls] " + health + " -> " + connection.getResponseCode() + " over plain HTTP");
        connection.disconnect();
    }

    /**
     * New connections, one after another, until one is served {@code wanted}. A connection that
     * arrives while the server swaps its TLS context is dropped by Vert.x; those are counted.
     */
    private static X509Certificate awaitServed(int port, List<X509Certificate> trusted, X509Certificate wanted)
            throws Exception {
        long deadline =
                System.nanoTime() + (4 * RotatingCertificateProfile.RELOAD_PERIOD_SECONDS + 10) * 1_000_000_000L;
        int dropped = 0;
        long firstDrop = 0;
        long lastDrop = 0;
        while (true) {
            try (HttpsConnection connection = HttpsConnection.open(port, trusted)) {
                X509Certificate served = connection.servedCertificate();
                if (served.equals(wanted) || System.nanoTime() > deadline) {
                    assertEquals(wanted, served, "still serving the old certificate");
                    long window = (lastDrop - firstDrop) / 1_000_000;
                    System.out.println("[tls] connections dropped during the swap: " + dropped
                            + (dropped > 0 ? " within " + window + " ms" : ""));
                    assertTrue(window < 1000, "connections dropped over " + window + " ms, not just during the swap");
                    return served;
                }
            } catch (SSLException droppedDuringSwap) {
                lastDrop = System.nanoTime();
                firstDrop = dropped++ == 0 ? lastDrop : firstDrop;
            }
            Thread.sleep(50);
        }
    }

    private static void assertAllowed(HttpsConnection.Response response, String uid) {
        assertEquals("HTTP/1.1 200 OK", response.status(), response.body());
        assertTrue(DeletingPodReview.allowed(response.body(), "rotation-" + uid), response.body());
    }

    private static void report(String when, X509Certificate served) {
        System.out.printf(
                "[tls] %s: served %s serial %s sha256 %s%n",
                when,
                served.getSubjectX500Principal(),
                served.getSerialNumber().toString(16),
                ServingCertificates.fingerprint(served));
    }

    private static String readSome(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        int n;
        try {
            n = in.read(buffer);
        } catch (IOException reset) {
            return "";
        }
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String bytes) {
        StringBuilder hex = new StringBuilder();
        for (char c : bytes.toCharArray()) {
            hex.append(String.format("%02x", (int) c));
        }
        return hex.toString();
    }
}
