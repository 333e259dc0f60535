package io.weighbridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Pushes and reads blobs and manifests through the distribution HTTP API with nothing in
 * between: what jib-core cannot push (OCI indexes, chosen history lines, symlinks) goes through
 * here, and every fixture is read back through here to prove the registry holds it.
 */
public final class RegistryHttpApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String authorization;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    RegistryHttpApi(String hostPort, TestRegistry.Credentials credentials) {
        this.base = URI.create("http://" + hostPort + "/");
        this.authorization = credentials == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((credentials.user() + ":" + credentials.password())
                                        .getBytes(StandardCharsets.UTF_8));
    }

    /** A manifest or index as the registry serves it. */
    public record FetchedManifest(String mediaType, String digest, byte[] body) {
        public long size() {
            return body.length;
        }
    }

    /** Uploads a blob in one piece (POST, then PUT with the digest) unless the repository has it already. */
    public String pushBlob(String repository, byte[] content) {
        String digest = Digests.sha256(content);
        if (send(request("v2/" + repository + "/blobs/" + digest).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                        .statusCode()
                == 200) {
            return digest;
        }
        HttpResponse<byte[]> started = expect(
                202,
                "start upload",
                request("v2/" + repository + "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()));
        URI location = base.resolve(started.headers()
                .firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("upload answer has no Location")));
        String separator = location.getQuery() == null ? "?" : "&";
        URI finish = URI.create(location + separator + "digest=" + digest);
        expect(
                201,
                "finish upload of " + digest,
                HttpRequest.newBuilder(finish)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        return digest;
    }

    /** Puts a manifest or index under a tag and checks the registry names it by the digest of these exact bytes. */
    public String pushManifest(String repository, String tag, String mediaType, byte[] body) {
        HttpResponse<byte[]> response = expect(
                201,
                "put manifest " + repository + ":" + tag,
                request("v2/" + repository + "/manifests/" + tag)
                        .header("Content-Type", mediaType)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        String expected = Digests.sha256(body);
        String returned = response.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (!expected.equals(returned)) {
            throw new IllegalStateException("registry named manifest " + repository + ":" + tag + " " + returned
                    + " but its bytes hash to " + expected);
        }
        return expected;
    }

    /** GETs a manifest by tag or digest, accepting every manifest and index type, and checks its digest. */
    public FetchedManifest manifest(String repository, String reference) {
        HttpResponse<byte[]> response = expect(
                200,
                "get manifest " + repository + ":" + reference,
                request("v2/" + repository + "/manifests/" + reference)
                        .header("Accept", MediaTypes.ACCEPT_ANY_MANIFEST)
                        .GET());
        String digest = Digests.sha256(response.body());
        String header = response.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (!digest.equals(header)) {
            throw new IllegalStateException("manifest " + repository + ":" + reference + " has Docker-Content-Digest "
                    + header + " but its bytes hash to " + digest);
        }
        String mediaType = response.headers().firstValue("Content-Type").orElse("");
        return new FetchedManifest(mediaType, digest, response.body());
    }

    /** GETs a blob and checks it hashes to its digest. */
    public byte[] blob(String repository, String digest) {
        byte[] content = expect(
                        200,
                        "get blob " + digest,
                        request("v2/" + repository + "/blobs/" + digest).GET())
                .body();
        if (!digest.equals(Digests.sha256(content))) {
            throw new IllegalStateException("blob " + digest + " in " + repository + " does not hash to its digest");
        }
        return content;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }

    private HttpResponse<byte[]> expect(int status, String action, HttpRequest.Builder request) {
        HttpResponse<byte[]> response = send(request);
        if (response.statusCode() != status) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new IllegalStateException(action + " at " + response.uri() + " answered " + response.statusCode()
                    + " (expected " + status + "): " + body.substring(0, Math.min(body.length(), 500)));
        }
        return response;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
